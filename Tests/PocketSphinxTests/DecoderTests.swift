import Foundation
import PocketSphinx
import SoundFile
import Testing

@Suite struct DecoderTests {
    /// praatio's "Mary rolled the barrel" at 16 kHz (Fixtures/README.md: source, licence and the
    /// TextGrid's word times, which are `reference`).
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mary.flac").path
    static let reference: [(String, Double, Double)] = [
        ("mary", 0.315, 0.676), ("rolled", 0.676, 0.984), ("the", 0.984, 1.064), ("barrel", 1.064, 1.518),
    ]

    static func samples() throws -> [Int16] {
        let file = try SoundFile(readingFrom: fixture)
        #expect(file.info.sampleRate == 16_000 && file.info.channels == 1)
        var samples = [Int16](repeating: 0, count: Int(file.info.frames))
        let read = try samples.withUnsafeMutableBufferPointer { try file.read(into: $0.baseAddress!, frames: $0.count) }
        return Array(samples.prefix(read))
    }

    @Test func alignsARealRecordingWordByWord() throws {
        let samples = try Self.samples()
        let decoder = try Decoder()
        let words = try #require(try decoder.align(words: Self.reference.map(\.0), samples: samples))
        #expect(words.map(\.word) == Self.reference.map(\.0))
        let duration = Double(samples.count) / 16_000
        for (word, (name, start, end)) in zip(words, Self.reference) {
            #expect(word.start >= 0 && word.end <= duration + 0.01 && word.start < word.end, "\(name)")
            let centre = (word.start + word.end) / 2
            #expect(abs(centre - (start + end) / 2) < 0.06, "\(name) centred at \(centre), TextGrid \(start)–\(end)")
            #expect(word.acousticScore < 0)
        }
        #expect(zip(words, words.dropFirst()).allSatisfy { $0.endFrame < $1.startFrame })
    }

    /// A build aligns sentences on whichever thread's decoder is free: the result must not depend
    /// on what that decoder aligned before.
    @Test func aSentenceAlignsTheSameWhateverCameBefore() throws {
        let samples = try Self.samples()
        let words = Self.reference.map(\.0)
        let decoder = try Decoder()
        let first = try decoder.align(words: words, samples: samples)
        var louder = samples.map { Int16(clamping: Int($0) * 3) }
        louder += [Int16](repeating: 9_000, count: 4_000)
        _ = try decoder.align(words: ["barrel", "the"], samples: louder)
        #expect(try decoder.align(words: words, samples: samples) == first)
        #expect(try Decoder().align(words: words, samples: samples) == first)
    }

    @Test func addsAWordMissingFromTheDictionary() throws {
        let decoder = try Decoder()
        #expect(decoder.pronunciation(of: "barrel")?.first == "B")
        #expect(decoder.pronunciation(of: "zorblaxian") == nil)
        try decoder.addWord("zorblaxian", phones: ["Z", "AO", "R", "B", "L", "AE", "K", "S", "IY", "AH", "N"])
        #expect(decoder.pronunciation(of: "zorblaxian")?.count == 11)
        #expect(throws: PocketSphinxError.self) { try decoder.addWord("badword", phones: ["QX"]) }
    }

    @Test func silenceIsNotASentence() throws {
        let decoder = try Decoder()
        #expect(
            try decoder.align(words: ["mary", "rolled", "the", "barrel"], samples: [Int16](repeating: 0, count: 8000))
                == nil)
    }

    @Test func aMissingModelIsOneClearError() {
        let model = AcousticModel(directory: "/nonexistent/en-us", dictionary: "/nonexistent/cmudict.dict")
        #expect(
            throws: PocketSphinxError(
                function: "ps_init", reason: "/nonexistent/en-us/mdef is missing (install pocketsphinx-en-us)")
        ) {
            try Decoder(model: model)
        }
    }
}
