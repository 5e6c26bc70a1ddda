import MelshardCore

/// A file a corpus reader found, before its audio is looked at.
public struct SourceCandidate: Sendable, Hashable {
    public var corpus: String
    /// Relative to the corpus root, with `/` separators: the source's name in the index.
    public var path: String
    public var absolutePath: String
    public var size: Int64
    public var mtimeNanoseconds: Int64
    public var labels: [String]
    /// Sources with the same group never straddle splits (artist, speaker, track, folder).
    public var group: String
    /// The corpus's own split, when it has one.
    public var officialSplit: String?

    public init(corpus: String, path: String, absolutePath: String, size: Int64, mtimeNanoseconds: Int64,
                labels: [String], group: String, officialSplit: String? = nil) {
        self.corpus = corpus
        self.path = path
        self.absolutePath = absolutePath
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.labels = labels
        self.group = group
        self.officialSplit = officialSplit
    }
}

/// What a corpus reader returns: the candidates in a stable order, and what it refused.
public struct CorpusScan: Sendable {
    public var candidates: [SourceCandidate]
    public var rejects: [MelshardCore.Reject]
    /// Files skipped because their extension is not audio (README, .DS_Store, ...), counted so
    /// that nothing disappears without a number in the summary.
    public var ignoredFiles: Int
}
