/// One synthesised utterance: mono samples and where each word starts in them.
public struct Synthesis: Sendable {
    public var samples: [Float]
    public var sampleRate: Int
    public var words: [SynthesizedWord]

    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    public init(samples: [Float], sampleRate: Int, words: [SynthesizedWord]) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
    }
}

/// A word event from espeak-ng: which characters of the input it covers and where its audio starts.
///
/// espeak-ng reports only word *starts*; where a word ends is up to the caller (the next word's
/// start, or the end of the voiced stretch that follows).
public struct SynthesizedWord: Sendable, Equatable {
    /// Offset of the word's first character in the input, counted in Unicode scalars from 0.
    public var characterOffset: Int
    /// Length of the word in Unicode scalars.
    public var characterCount: Int
    /// Sample index where the word's audio starts.
    public var startSample: Int

    public init(characterOffset: Int, characterCount: Int, startSample: Int) {
        self.characterOffset = characterOffset
        self.characterCount = characterCount
        self.startSample = startSample
    }
}
