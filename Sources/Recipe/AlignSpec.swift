/// `[align]`: turns sentence recordings (Common Voice) into word clips. Target words are chosen
/// from the sentences, each occurrence is located in its recording, and its clip is centred on
/// it (docs/align.md). Without the table, no corpus is aligned.
public struct AlignSpec: Sendable, Equatable, Encodable {
    /// The recipe's names of the Align module's methods.
    public enum Method: String, Sendable, Equatable, Encodable, CaseIterable {
        case proportional, trimmed, synthesized, forced
    }

    public enum Overflow: String, Sendable, Equatable, Encodable, CaseIterable {
        case pad, reject
    }

    /// The corpora whose sources carry a `sentence` attribute to align; nil: every
    /// `common-voice` corpus of the recipe.
    public var corpora: [String]?
    public var method: Method
    /// A word list (one word per line), relative to the recipe's folder or absolute; nil chooses
    /// the `top_k` most frequent words.
    public var words: String?
    public var topK: Int?
    /// A word needs this many occurrences in the aligned sentences to be a class (400 in study 000).
    public var minOccurrences: Int
    /// A file of words never chosen, one per line.
    public var stopWords: String?
    /// Word clips whose alignment confidence is below this are rejected (`low-confidence`).
    public var minConfidence: Double
    /// A word longer than the clip.
    public var longWord: Overflow

    /// `synthesized` measured best (docs/align.md: 9 ms median centre error, every word inside its 2-s clip).
    public init(
        corpora: [String]? = nil, method: Method = .synthesized, words: String? = nil, topK: Int? = nil,
        minOccurrences: Int = 1,
        stopWords: String? = nil, minConfidence: Double = 0, longWord: Overflow = .reject
    ) {
        self.corpora = corpora
        self.method = method
        self.words = words
        self.topK = topK
        self.minOccurrences = minOccurrences
        self.stopWords = stopWords
        self.minConfidence = minConfidence
        self.longWord = longWord
    }

    enum CodingKeys: String, CodingKey {
        case corpora, method, words, topK = "top_k", minOccurrences = "min_occurrences", stopWords = "stop_words"
        case minConfidence = "min_confidence", longWord = "long_word"
    }
}
