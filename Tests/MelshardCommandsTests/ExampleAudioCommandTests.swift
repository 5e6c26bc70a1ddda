import Foundation
import SoundFile
import TestSupport
import Testing

/// `melshard example-audio` as a subprocess: the file has the asked length, rate, channels and
/// format, depends only on the seed, and a bad name or length is refused before anything is written.
@Suite struct ExampleAudioCommandTests {
    let directory = TemporaryDirectory("example-audio")

    @Test func writesTheAskedSecondsOf44kStereo() throws {
        let path = directory.file("example.wav")
        let outcome = try Melshard.run(["example-audio", path, "--seconds", "1.5", "--seed", "7"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "\(path): 1.5 s of 44.1 kHz stereo example audio\n")
        let file = try SoundFile(readingFrom: path)
        #expect(file.info.sampleRate == 44100 && file.info.channels == 2 && file.info.frames == 66150)
        #expect(file.info.container == .wav && file.info.encoding == .pcm16)
        var samples = [Float](repeating: 0, count: 2 * 66150)
        #expect(try file.read(into: &samples, frames: 66150) == 66150)
        let rms = (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
        #expect(rms > 0.02 && samples.allSatisfy { abs($0) < 1 }, "rms \(rms)")
    }

    /// The piece depends on the seed and the file's name (its random stream), nothing else.
    @Test func theExtensionPicksTheFormatAndTheSeedThePiece() throws {
        for sub in ["a", "b", "c"] {
            try FileManager.default.createDirectory(atPath: directory.file(sub), withIntermediateDirectories: true)
        }
        let (a, b, c) = (directory.file("a/piece.flac"), directory.file("b/piece.flac"), directory.file("c/piece.flac"))
        for (path, seed) in [(a, "1"), (b, "1"), (c, "2")] {
            let outcome = try Melshard.run(["example-audio", path, "--seconds", "0.25", "--seed", seed])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let info = try SoundFile(readingFrom: a).info
        #expect(info.container == .flac && info.frames == 11025 && info.sampleRate == 44100 && info.channels == 2)
        let bytes = try [a, b, c].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1], "the same seed and name write the same file")
        #expect(bytes[0] != bytes[2], "another seed writes another piece")
    }

    @Test func aBadNameOrLengthIsAUsageErrorAndWritesNothing() throws {
        let text = directory.file("example.txt")
        let badName = try Melshard.run(["example-audio", text])
        #expect(badName.status == 64)
        #expect(badName.stderr.contains(".wav, .flac, .ogg, .mp3, .au, .aiff"), "\(badName.stderr)")
        for seconds in ["0", "-1", "3601"] {
            let badLength = try Melshard.run(["example-audio", directory.file("x.wav"), "--seconds", seconds])
            #expect(badLength.status == 64 && badLength.stderr.contains("--seconds"), "\(seconds): \(badLength.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing was written")
    }
}
