import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

@Suite struct SoundFileTests {
    let directory = TemporaryDirectory("soundfile")

    func readAll(_ file: SoundFile) throws -> [Float] {
        var all: [Float] = []
        var block = [Float](repeating: 0, count: 4096 * file.info.channels)
        while true {
            let got = try block.withUnsafeMutableBufferPointer { try file.read(into: $0.baseAddress!, frames: 4096) }
            if got == 0 { return all }
            all.append(contentsOf: block[0..<got * file.info.channels])
        }
    }

    /// Every container the corpora use, written by libsndfile and read back with the header intact.
    @Test(arguments: [
        (AudioFormat(.wav, .pcmU8), 8000), (AudioFormat(.wav, .pcm16), 16000), (AudioFormat(.wav, .pcm24), 22050),
        (AudioFormat(.wav, .pcm32), 32000), (AudioFormat(.wav, .float32), 44100), (AudioFormat.flac16, 48000),
        (AudioFormat.vorbis, 44100), (AudioFormat.opus, 48000), (AudioFormat.mp3, 44100), (AudioFormat.au16, 22050),
        (AudioFormat.aiff16, 44100),
    ])
    func roundTripsEveryFormat(format: AudioFormat, rate: Int) throws {
        for channels in [1, 2] {
            let frames = rate / 2
            let signal = Signals.interleave(
                (0..<channels).map { Signals.sine(frequency: 440 * Double($0 + 1), rate: rate, count: frames) })
            let path = directory.file("tone-\(channels).\(format.container.rawValue)")
            try SoundFile.write(signal, channels: channels, sampleRate: rate, format: format, to: path)
            let file = try SoundFile(readingFrom: path)
            #expect(file.info.sampleRate == rate)
            #expect(file.info.channels == channels)
            #expect(file.info.container == format.container)
            let decoded = try readAll(file)
            #expect(decoded.count == Int(file.info.frames) * channels)
            switch format.encoding {
            case .vorbis, .opus, .mp3:
                // Lossy codecs: same length as declared, and still recognisably the same tone.
                #expect(abs(Int(file.info.frames) - frames) <= frames / 10)
            default:
                #expect(decoded.count == signal.count)
                let tolerance: Double = format.encoding == .pcmU8 ? 1.0 / 64 : 1.0 / 16384
                #expect(Comparison.maxAbsDifference(decoded, signal).value <= tolerance)
            }
        }
    }

    /// A hand-written 16-bit WAV, so the expectation does not depend on libsndfile's writer.
    @Test func pcm16ReadsAsInt16Over32768() throws {
        let path = directory.file("exact.wav")
        let ints: [Int16] = [0, 1, -32768, 16384, -8192, 32767]
        var bytes = Data("RIFF".utf8)
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        le(UInt32(36 + ints.count * 2)); bytes.append(contentsOf: Array("WAVEfmt ".utf8))
        le(UInt32(16)); le(UInt16(1)); le(UInt16(1)); le(UInt32(8000)); le(UInt32(16000)); le(UInt16(2)); le(UInt16(16))
        bytes.append(contentsOf: Array("data".utf8)); le(UInt32(ints.count * 2))
        for v in ints { le(v) }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try readAll(SoundFile(readingFrom: path)) == ints.map { Float($0) / 32768 })
    }

    /// Seeking must land on the same samples as decoding from the start, or regions read by
    /// seeking would differ from clips cut out of a whole-file decode.
    @Test(arguments: [AudioFormat.wav16, .flac16, .mp3, .vorbis, .au16, .aiff16])
    func seekingMatchesSequentialDecoding(format: AudioFormat) throws {
        let rate = 44100
        let path = directory.file("seek.\(format.container.rawValue)")
        try SoundFile.write(
            Signals.chirp(from: 100, to: 8000, rate: rate, count: rate * 3), sampleRate: rate, format: format, to: path)
        let all = try readAll(SoundFile(readingFrom: path))
        var random = SeededRandom(seed: 7, stream: "seek")
        let starts =
            [1, 1152, 2000, 5000, 30000, 70001] + (0..<20).map { _ in Int(random.next() % UInt64(rate * 3 - 6000)) }
        for start in starts {
            let file = try SoundFile(readingFrom: path)
            try file.seek(toFrame: Int64(start))
            var part = [Float](repeating: 0, count: 5000)
            let got = try part.withUnsafeMutableBufferPointer { try file.read(into: $0.baseAddress!, frames: 5000) }
            #expect(got == 5000)
            let difference = Comparison.maxAbsDifference(part, all[start..<start + 5000])
            #expect(
                difference.value == 0,
                "\(format) at frame \(start): max difference \(difference.value) at \(difference.index)")
        }
    }

    @Test func missingFileNamesPathAndReason() {
        let path = directory.file("absent.wav")
        #expect {
            try SoundFile(readingFrom: path)
        } throws: { error in
            let e = error as? SoundFileError
            return e?.path == path && e?.function == "sf_open" && e!.description.contains("No such file")
        }
    }

    @Test func garbageIsNotRecognised() throws {
        let path = directory.file("garbage.wav")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: path))
        #expect(throws: SoundFileError.self) { try SoundFile(readingFrom: path) }
    }

    @Test func writingAnImpossibleFormatSaysWhy() {
        // Opus only exists at 8, 12, 16, 24 and 48 kHz.
        #expect {
            try SoundFile.write([0, 0], sampleRate: 44100, format: .opus, to: directory.file("x.opus"))
        } throws: { error in
            let e = error as? SoundFileError
            return e?.function == "sf_format_check" || e?.function == "sf_open"
        }
    }
}
