import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

/// `melshard mel` as a subprocess: shapes for every corpus format, one-line errors for bad files.
@Suite struct MelCommandTests {
    let directory = TemporaryDirectory("mel-cli")

    @Test(arguments: [AudioFormat.wav16, .flac16, .vorbis, .mp3, .au16])
    func writesTheDocumentedShape(format: AudioFormat) throws {
        let input = directory.file("in.\(format.container.rawValue)")
        try SoundFile.write(
            Signals.interleave([
                Signals.chirp(from: 200, to: 3000, rate: 22050, count: 66150),
                Signals.noise(rate: 22050, count: 66150),
            ]),
            channels: 2, sampleRate: 22050, format: format, to: input)
        let output = directory.file("out.npy")
        let heydarshahi = try Melshard.run(["mel", input, "--preset", "heydarshahi", "-o", output])
        #expect(heydarshahi.status == 0, "\(heydarshahi.stderr)")
        #expect(try Npy.read(output).shape == [128, 128])

        let unresized = try Melshard.run([
            "mel", input, "--preset", "heydarshahi", "--resize", "none",
            "--offset", "0.5", "--duration", "\(24064.0 / 12000)", "-o", output,
        ])
        #expect(unresized.status == 0, "\(unresized.stderr)")
        #expect(try Npy.read(output).shape == [96, 95])

        let overridden = try Melshard.run([
            "mel", input, "--n-mels", "40", "--hop", "1024", "--no-center", "--scale", "log1p", "-o", output,
        ])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        // 3 s at librosa's 22050 Hz, no centring: 1 + ⌊(66150 − 2048) / 1024⌋ = 63 frames.
        #expect(try Npy.read(output).shape == [40, 63])
    }

    /// The streamed command writes the bytes the whole path (`--in-memory`) writes, for the
    /// presets that stream, a whole file and a region, resampled from 44.1 kHz or not.
    @Test func streamedOutputEqualsTheInMemoryOutput() throws {
        let input = directory.file("long.wav")
        try SoundFile.write(
            zip(
                Signals.chirp(from: 100, to: 8000, rate: 44100, count: 44100 * 5 + 3),
                Signals.noise(rate: 44100, count: 44100 * 5 + 3)
            ).map { $0 + $1 }, sampleRate: 44100, format: .wav16, to: input)
        let streamed = directory.file("streamed.npy")
        let whole = directory.file("whole.npy")
        let cases: [[String]] = [
            ["--preset", "librosa"], ["--preset", "pons"],
            ["--preset", "gebhardt", "--offset", "1.5", "--duration", "2"],
            ["--preset", "heydarshahi", "--resize", "none", "--offset", "4"],
            ["--preset", "librosa", "--sample-rate", "44100", "--pad-mode", "reflect", "--duration", "0.01"],
        ]
        for options in cases {
            let a = try Melshard.run(["mel", input] + options + ["-o", streamed])
            let b = try Melshard.run(["mel", input] + options + ["--in-memory", "-o", whole])
            #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
            #expect(a.stdout.replacingOccurrences(of: streamed, with: whole) == b.stdout, "\(options)")
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: streamed)) == Data(contentsOf: URL(fileURLWithPath: whole)),
                "\(options)")
        }
    }

    @Test func badFilesExitNonZeroWithOneLineNamingTheFile() throws {
        let missing = directory.file("missing.wav")
        let empty = directory.file("empty.wav")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let corrupt = directory.file("jazz.00054.wav")
        try Data(repeating: 0x5A, count: 5000).write(to: URL(fileURLWithPath: corrupt))
        let whole = directory.file("whole.wav")
        try SoundFile.write(Signals.noise(rate: 16000, count: 32000), sampleRate: 16000, format: .wav16, to: whole)
        let truncated = directory.file("truncated.wav")
        try Data(contentsOf: URL(fileURLWithPath: whole)).prefix(30000).write(to: URL(fileURLWithPath: truncated))

        for (path, reason) in [
            (missing, "no such file"), (empty, "empty"), (corrupt, "cannot decode"), (truncated, "truncated"),
        ] {
            let outcome = try Melshard.run(["mel", path, "-o", directory.file("x.npy")])
            #expect(outcome.status != 0)
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(outcome.stderr)")
            #expect(lines.first?.contains(path) == true && lines.first?.contains(reason) == true, "\(outcome.stderr)")
        }
    }

    @Test func badOptionsSuggestTheFix() throws {
        let outcome = try Melshard.run(["mel", "x.wav", "--window", "hanning", "-o", "x.npy"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("hann, hamming"))
        let fmax = try Melshard.run(["mel", "x.wav", "--preset", "heydarshahi", "--fmax", "8000", "-o", "x.npy"])
        #expect(fmax.status == 64)
        #expect(fmax.stderr.contains("fmax") && fmax.stderr.contains("6000"))
    }
}
