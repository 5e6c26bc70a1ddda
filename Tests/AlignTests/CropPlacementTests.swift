import Align
import Testing

@Suite struct CropPlacementTests {
    private func span(_ start: Double, _ end: Double, confidence: Double = 1) -> WordSpan {
        WordSpan(
            word: "w", tokenIndex: 0, characters: 0..<1, time: TimeSpan(start: start, end: end),
            confidence: confidence, method: .synthesized)
    }

    @Test func centredOnTheWord() throws {
        let crop = try CropPlacement.clip(for: span(2.0, 2.4), sourceSeconds: 6, clipSeconds: 2, policy: CropPolicy())
            .get()
        #expect(abs(crop.start - 1.2) < 1e-12 && crop.duration == 2 && crop.leadingPad == 0 && crop.trailingPad == 0)
    }

    @Test func clampedAtTheStart() throws {
        let crop = try CropPlacement.clip(for: span(0.1, 0.3), sourceSeconds: 6, clipSeconds: 2, policy: CropPolicy())
            .get()
        #expect(crop.start == 0 && crop.end == 2)
    }

    @Test func clampedAtTheEnd() throws {
        let crop = try CropPlacement.clip(for: span(5.7, 5.95), sourceSeconds: 6, clipSeconds: 2, policy: CropPolicy())
            .get()
        #expect(crop.start == 4 && crop.end == 6)
    }

    @Test func shortSourcePadsOrRejects() throws {
        let padded = try CropPlacement.clip(
            for: span(0.2, 0.6), sourceSeconds: 1.5, clipSeconds: 2,
            policy: CropPolicy(shortSource: .pad)
        ).get()
        // Centred on 0.4 would start at −0.6; the whole source must fit, so −0.5.
        #expect(abs(padded.start + 0.5) < 1e-12 && abs(padded.leadingPad - 0.5) < 1e-12 && padded.trailingPad == 0)
        let rejected = CropPlacement.clip(
            for: span(0.2, 0.6), sourceSeconds: 1.5, clipSeconds: 2,
            policy: CropPolicy(shortSource: .reject))
        #expect(rejected == .failure(.sourceTooShort(source: 1.5, clip: 2)))
    }

    @Test func longWordPadsOrRejects() throws {
        let long = span(1, 3.5)
        #expect(
            CropPlacement.clip(for: long, sourceSeconds: 6, clipSeconds: 2, policy: CropPolicy(longWord: .reject))
                == .failure(.wordTooLong(word: 2.5, clip: 2)))
        let kept = try CropPlacement.clip(
            for: long, sourceSeconds: 6, clipSeconds: 2, policy: CropPolicy(longWord: .pad)
        ).get()
        #expect(abs(kept.start - 1.25) < 1e-12)
    }

    @Test func lowConfidenceIsRejectedWithTheReason() {
        let result = CropPlacement.clip(
            for: span(2, 2.3, confidence: 0.1), sourceSeconds: 6, clipSeconds: 2,
            policy: CropPolicy(minimumConfidence: 0.2))
        #expect(result == .failure(.lowConfidence(confidence: 0.1, minimum: 0.2)))
        if case .failure(let reason) = result {
            #expect(reason.description == "alignment confidence 0.1 is below the minimum 0.2")
        }
    }
}
