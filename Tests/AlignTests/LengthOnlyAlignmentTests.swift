import Align
import Testing

/// `proportional` looks at the audio's length alone, so the build places its words from the
/// probed length without decoding (docs/align.md): both forms must give the same spans.
@Suite struct LengthOnlyAlignmentTests {
    @Test func placingByLengthEqualsPlacingOnTheAudio() throws {
        let aligner = WordAligner(method: .proportional)
        #expect(aligner.needsOnlyLength)
        #expect(!WordAligner(method: .trimmed).needsOnlyLength)
        let sentence = "The quick brown fox, it said, jumps over the lazy dog."
        for count in [1, 7_999, 16_000, 37_123] {
            let audio = (0..<count).map { Float(($0 * 7919) % 200) / 1000 - 0.1 }
            for targets in [nil, Set(["fox", "dog", "the"]), Set(["absent"])] {
                let decoded = try aligner.align(sentence: sentence, audio: audio, sampleRate: 16_000, targets: targets)
                let byLength = try aligner.align(
                    sentence: sentence, sampleCount: count, sampleRate: 16_000, targets: targets)
                #expect(byLength == decoded)
            }
        }
    }

    @Test func noLengthIsEmptyAudio() {
        #expect(throws: AlignError.self) {
            try WordAligner(method: .proportional).align(sentence: "a word", sampleCount: 0, sampleRate: 16_000)
        }
    }
}
