/// Where one word of a sentence was found in its recording.
public struct WordSpan: Sendable, Hashable, Codable {
    /// The normalised word.
    public var word: String
    /// Index of the word among the sentence's tokens (`Tokenizer.tokenize`).
    public var tokenIndex: Int
    /// The word's characters in the sentence (Character offsets, end exclusive).
    public var characters: Range<Int>
    /// Start and end in the recording, in seconds.
    public var time: TimeSpan
    /// How much to trust `time`, 0…1. See docs/align.md for what each method reports.
    public var confidence: Double
    /// The method that placed this word: the aligner's, or `synthesized` where `forced` fell back.
    public var method: AlignmentMethod

    public init(
        word: String, tokenIndex: Int, characters: Range<Int>, time: TimeSpan,
        confidence: Double, method: AlignmentMethod
    ) {
        self.word = word
        self.tokenIndex = tokenIndex
        self.characters = characters
        self.time = time
        self.confidence = confidence
        self.method = method
    }
}

/// How word positions are estimated. The raw values are the recipe's names.
public enum AlignmentMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// The study's: character position in the text, mapped linearly onto the whole recording.
    case proportional
    /// Energy VAD finds the speech span; words share it by estimated syllables.
    case trimmed
    /// espeak-ng synthesises the sentence; DTW on MFCCs maps its word boundaries onto the recording.
    case synthesized
    /// pocketsphinx's acoustic model aligns a grammar of exactly the sentence's words; sentences it
    /// cannot align fall back to `synthesized` (each span records which method placed it).
    case forced
}
