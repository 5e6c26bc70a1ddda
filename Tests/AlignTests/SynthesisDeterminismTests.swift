import Align
import EspeakNG
import Testing

/// libespeak-ng carries state between utterances: the same sentence reads a little differently
/// after others. A build must not depend on the order sentences are aligned in, so it reads each
/// one in a fresh process; the bytes between the processes are checked here.
@Suite struct SynthesisDeterminismTests {
    @Test func theInProcessReadingDependsOnWhatCameBeforeWhichIsWhyBuildsIsolateIt() throws {
        let speaker = Speaker(voice: "en-us")
        let first = try speaker.synthesize("The quick brown fox jumps over the lazy dog.")
        _ = try speaker.synthesize("Numbers like 42 and questions, too?")
        let again = try speaker.synthesize("The quick brown fox jumps over the lazy dog.")
        // If this starts to hold, libespeak-ng became stateless and the isolation can go.
        #expect(first.samples != again.samples)
    }

    @Test func theWireFormatRoundTrips() {
        let synthesis = Synthesis(
            samples: [0, 0.5, -1, 0.25], sampleRate: 22050,
            words: [
                SynthesizedWord(characterOffset: 0, characterCount: 3, startSample: 1),
                SynthesizedWord(characterOffset: 4, characterCount: 5, startSample: 3),
            ])
        let decoded = SynthesisWire.decode(SynthesisWire.encode(synthesis))
        #expect(
            decoded?.samples == synthesis.samples && decoded?.words == synthesis.words && decoded?.sampleRate == 22050)
        #expect(SynthesisWire.decode(Array(SynthesisWire.encode(synthesis).dropLast())) == nil)
    }
}
