import EspeakNG
import Foundation
import Testing

/// The libespeak-ng wrapper: what a known sentence comes out as (its words, their places in the
/// text and in the audio), what the settings change, and the typed error of a voice that does
/// not exist.
///
/// libespeak-ng carries state from one utterance to the next, so nothing here compares samples
/// between two calls; every assertion holds whatever was synthesised before. That state also
/// shows in the word events: after some earlier utterances, a reading ends with an extra event
/// at text position 0 (offset −1, no characters), which the wrapper passes on as it comes and
/// callers skip (`SyntheticTimeline` ignores offsets outside the text). `words(in:)` does the same.
@Suite struct SpeakerTests {
    /// The events that point into `synthesis`'s text, after checking that every other one is
    /// the known stray event and not a misplaced word.
    func words(in synthesis: Synthesis) -> [SynthesizedWord] {
        let stray = synthesis.words.filter { $0.characterOffset < 0 }
        #expect(stray.allSatisfy { $0.characterOffset == -1 && $0.characterCount == 0 }, "\(stray)")
        return synthesis.words.filter { $0.characterOffset >= 0 }
    }

    @Test func twoWordsGiveTwoWordEventsAtTheirCharacters() throws {
        let synthesis = try Speaker(voice: "en-us").synthesize("hello world")
        #expect(synthesis.sampleRate == 22050, "libespeak-ng's voices are 22.05 kHz")
        let words = words(in: synthesis)
        #expect(words.map(\.characterOffset) == [0, 6])
        #expect(words.map(\.characterCount) == [5, 5])
        let starts = words.map(\.startSample)
        try #require(starts.count == 2)
        #expect(starts[0] >= 0 && starts[0] < starts[1] && starts[1] < synthesis.samples.count, "\(starts)")
        // Two short words at 175 words a minute: well under two seconds, well over a quarter.
        #expect(synthesis.duration > 0.4 && synthesis.duration < 2.0, "\(synthesis.duration) s")
        #expect(synthesis.samples.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(rms(synthesis.samples[starts[0]..<starts[1]]) > 0.01, "the first word is audible")
        #expect(rms(synthesis.samples[starts[1]...]) > 0.01, "the second word is audible")
    }

    /// Offsets count Unicode scalars, not UTF-8 bytes: "é" is one scalar and two bytes.
    @Test func offsetsCountScalarsNotBytes() throws {
        let text = "café noir"
        let events = words(in: try Speaker(voice: "fr").synthesize(text))
        #expect(events.map(\.characterOffset) == [0, 5], "\(events)")
        let scalars = Array(text.unicodeScalars)
        try #require(events.allSatisfy { $0.characterOffset + $0.characterCount <= scalars.count })
        let words = events.map { word in
            String(
                String.UnicodeScalarView(scalars[word.characterOffset..<(word.characterOffset + word.characterCount)]))
        }
        #expect(words == ["café", "noir"])
    }

    /// A language tag is matched by properties when it is no voice's name.
    @Test func aLanguageTagFindsAVoice() throws {
        let synthesis = try Speaker(voice: "en-gb").synthesize("good morning")
        #expect(words(in: synthesis).count == 2 && synthesis.duration > 0.3)
    }

    @Test func aSlowerRateTakesLonger() throws {
        let sentence = "the rain in spain stays mainly in the plain"
        let slow = try Speaker(voice: "en-us", wordsPerMinute: 100).synthesize(sentence)
        let fast = try Speaker(voice: "en-us", wordsPerMinute: 300).synthesize(sentence)
        // espeak-ng may run short function words together, but the rate does not change which.
        let (slowWords, fastWords) = (words(in: slow), words(in: fast))
        #expect(
            slowWords.count >= 6 && slowWords.map(\.characterOffset) == fastWords.map(\.characterOffset), "\(slowWords)"
        )
        // Three times the rate; pauses and the word-final tail do not scale, so ask for half of that.
        #expect(slow.duration > 1.5 * fast.duration, "slow \(slow.duration) s, fast \(fast.duration) s")
        // Out-of-range rates are clamped to espeak-ng's 80–450 rather than passed on.
        let clamped = try Speaker(voice: "en-us", wordsPerMinute: 10_000).synthesize(sentence)
        #expect(clamped.duration > 0.5 * fast.duration && words(in: clamped).count == fastWords.count)
    }

    @Test func anUnknownVoiceIsAnEspeakErrorNamingItAndTheFunction() {
        let voice = "xx-no-such-voice"
        #expect {
            _ = try Speaker(voice: voice).synthesize("hello")
        } throws: { error in
            guard let error = error as? EspeakError else { return false }
            return error.function == "espeak_SetVoiceByName" && error.reason.contains(voice)
                && error.description == "espeak-ng: \(error.reason) (espeak_SetVoiceByName)"
        }
        // The failure leaves the engine usable.
        #expect(throws: Never.self) { _ = try Speaker(voice: "en-us").synthesize("again") }
    }

    @Test func durationIsSamplesOverRate() {
        let synthesis = Synthesis(samples: [Float](repeating: 0, count: 11025), sampleRate: 22050, words: [])
        #expect(synthesis.duration == 0.5)
    }

    private func rms(_ samples: ArraySlice<Float>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
