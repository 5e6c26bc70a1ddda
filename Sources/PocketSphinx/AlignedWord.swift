/// One word of a forced alignment: where the decoder placed it, in 10-ms frames.
public struct AlignedWord: Sendable, Equatable {
    /// The word as the grammar held it (a pronunciation variant's "(2)" removed).
    public var word: String
    /// First frame of the word (frames are 10 ms: `Decoder.framesPerSecond`).
    public var startFrame: Int
    /// Last frame of the word, inclusive.
    public var endFrame: Int
    /// The word's acoustic log-likelihood (natural log), from `ps_seg_prob`; more negative is worse.
    public var acousticScore: Double

    public init(word: String, startFrame: Int, endFrame: Int, acousticScore: Double) {
        self.word = word
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.acousticScore = acousticScore
    }

    /// Start in seconds.
    public var start: Double { Double(startFrame) / Double(Decoder.framesPerSecond) }
    /// End in seconds (the end of the last frame).
    public var end: Double { Double(endFrame + 1) / Double(Decoder.framesPerSecond) }
    /// Frames the word covers.
    public var frameCount: Int { endFrame - startFrame + 1 }
}
