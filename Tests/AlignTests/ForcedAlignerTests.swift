import EspeakNG
import Foundation
import PocketSphinx
import TestSupport
import Testing

@testable import Align

@Suite struct ForcedAlignerTests {
    /// espeak-ng reads a sentence with a word no dictionary has; `forced` places every word, in
    /// order, near espeak-ng's own word starts.
    @Test func placesASentenceWithAnOutOfDictionaryWord() throws {
        let sentence = "The melshard shards rolled over the barrel."
        let synthesis = try Speaker(voice: "en-us").synthesize(sentence)
        let spans = try WordAligner(method: .forced).align(
            sentence: sentence, audio: synthesis.samples, sampleRate: synthesis.sampleRate)
        #expect(spans.map(\.word) == ["the", "melshard", "shards", "rolled", "over", "the", "barrel"])
        #expect(spans.allSatisfy { $0.method == .forced })
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.time.end <= $1.time.start + 1e-9 })
        let starts = synthesis.words.map { Double($0.startSample) / Double(synthesis.sampleRate) }
        for (span, start) in zip(spans, starts) {
            #expect(
                abs(span.time.start - start) < 0.12, "\(span.word) starts at \(span.time.start), espeak-ng \(start)")
            #expect(span.confidence > 0.5 && span.confidence <= 1, "\(span.word): \(span.confidence)")
        }
    }

    @Test func outOfDictionaryWordsArePronouncedAndCounted() throws {
        let tokens = Tokenizer.tokenize("melshard zorblaxian")
        let synthesis = try Speaker(voice: "en-us").synthesize("melshard zorblaxian")
        let audio = try AlignmentFeatures.resampled(synthesis.samples, from: synthesis.sampleRate)
        let result = try #require(
            try ForcedAligner(model: .englishUS, speaker: Speaker(voice: "en-us")).align(tokens: tokens, audio: audio))
        #expect(result.outOfDictionary == 2)
        #expect(result.words.map(\.word) == ["melshard", "zorblaxian"])
    }

    @Test func espeakPhonemesMapOntoTheModelsPhones() throws {
        let speaker = Speaker(voice: "en-us")
        for word in ["measure", "judge", "church", "thing", "boy", "out", "button", "bottle", "yknow", "aligner"] {
            let phones = try #require(ARPAbetMapping.phones(try speaker.phonemes(of: word)), "\(word)")
            #expect(phones.allSatisfy(AcousticModel.englishPhones.contains), "\(word): \(phones)")
        }
        #expect(ARPAbetMapping.phones(["ˈʌ", "ʔ", "n̩"]) == ["AH", "T", "AH", "N"])
        #expect(ARPAbetMapping.phones(["ʘ"]) == nil)
    }

    /// A quarter of a second cannot hold four words of at least three 10-ms frames per phone: the
    /// search never reaches the grammar's end, so the spans come from `synthesized`, and say so.
    @Test func fallsBackToSynthesizedWhenTheSentenceCannotBeAligned() throws {
        let noise = Signals.noise(rate: 16_000, count: 4_000, amplitude: 0.3, seed: 5)
        let spans = try WordAligner(method: .forced).align(
            sentence: "Mary rolled the barrel", audio: noise, sampleRate: 16_000)
        #expect(spans.count == 4)
        #expect(spans.allSatisfy { $0.method == .synthesized })
    }

    @Test func fallsBackWhenTheModelIsNotInstalled() throws {
        let sentence = "Mary rolled the barrel"
        let synthesis = try Speaker(voice: "en-us").synthesize(sentence)
        let missing = AcousticModel(directory: "/nonexistent/en-us", dictionary: "/nonexistent/cmudict.dict")
        let spans = try WordAligner(method: .forced, acousticModel: missing).align(
            sentence: sentence, audio: synthesis.samples, sampleRate: synthesis.sampleRate)
        #expect(spans.map(\.method) == [.synthesized, .synthesized, .synthesized, .synthesized])
    }
}

@Suite struct MethodAgreementTests {
    @Test func agreementFallsWithTheDistanceBetweenTheMethods() {
        let word = TimeSpan(start: 1.0, end: 1.4)
        #expect(MethodAgreement.confidence(word, word) == 1)
        let scores = [0.0, 0.1, 0.3, 0.6, 0.9, 1.2].map {
            MethodAgreement.confidence(word, TimeSpan(start: 1.0 + $0, end: 1.4 + $0))
        }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 > $1 || $1 == 0 })
        #expect(scores.last == 0)
        // Same centre, twice the length: lower than a perfect match, still well above a miss.
        let wider = MethodAgreement.confidence(word, TimeSpan(start: 0.8, end: 1.6))
        #expect(wider < 1 && wider > 0.5)
    }

    @Test func aWordTakesItsSentencesSupportWhenThatIsHigher() {
        let forced = (0..<5).map { TimeSpan(start: Double($0), end: Double($0) + 0.4) }
        // Three of five words agree; the fourth is 0.95 s off, the fifth 2 s off.
        var synthesized = forced
        synthesized[3] = TimeSpan(start: 3.95, end: 4.35)
        synthesized[4] = TimeSpan(start: 6, end: 6.4)
        let own = zip(forced, synthesized).map { MethodAgreement.confidence($0, $1) }
        #expect(own[4] == 0 && own[3] < MethodAgreement.agreeing)
        let scores = MethodAgreement.sentenceConfidences(forced: forced, synthesized: synthesized)
        #expect(scores[0] == 1 && scores[1] == 1 && scores[2] == 1)
        #expect(scores[3] == 0.6 && scores[4] == 0.6)
        // A sentence where only one word in five agrees lends the others 0.2, not more.
        let astray = forced.enumerated().map { $0.offset == 0 ? $0.element : TimeSpan(start: 9, end: 9.4) }
        let weak = MethodAgreement.sentenceConfidences(forced: forced, synthesized: astray)
        #expect(weak[0] == 1 && weak.dropFirst().allSatisfy { abs($0 - 0.2) < 1e-12 })
        #expect(MethodAgreement.sentenceConfidences(forced: [], synthesized: []).isEmpty)
    }
}
