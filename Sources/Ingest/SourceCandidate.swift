import MelshardCore

/// A file a corpus reader found, before its audio is looked at.
public struct SourceCandidate: Sendable, Hashable {
    /// `StableID.of(corpus, path)`, taken once here: every later stage keys on it.
    public let id: Int64
    public let corpus: String
    /// Relative to the corpus root, with `/` separators: the source's name in the index.
    public let path: String
    /// Where the file is read from. For a file inside its corpus root this is `root/path`, made
    /// when asked for from the root's string, which every candidate of the corpus shares: a
    /// million Common Voice rows held a hundred-character copy each (docs/build.md, "Memory").
    public var absolutePath: String {
        get {
            switch location {
            case .inRoot(let root): root + "/" + path
            case .at(let absolute): absolute
            }
        }
        set { location = .at(newValue) }
    }
    private var location: Location
    public var size: Int64
    public var mtimeNanoseconds: Int64
    public var labels: [String]
    /// Sources with the same group never straddle splits (artist, speaker, track, folder).
    public var group: String
    /// The corpus's own split (`train`, `validation` or `test`), when it has one.
    public var officialSplit: String?
    /// The manifest row that named the file, when one did.
    public var origin: ManifestOrigin?
    /// What the corpus says about the source besides labels: a Common Voice sentence, a
    /// Ballroom tempo, a Jamendo artist id. Kept in the index's `source_attributes`.
    public var attributes: SourceAttributes

    public init(
        corpus: String, path: String, absolutePath: String, size: Int64, mtimeNanoseconds: Int64,
        labels: [String], group: String, officialSplit: String? = nil, origin: ManifestOrigin? = nil,
        attributes: SourceAttributes = [:]
    ) {
        self.id = StableID.of(corpus, path)
        self.corpus = corpus
        self.path = path
        location = .at(absolutePath)
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.labels = labels
        self.group = group
        self.officialSplit = officialSplit
        self.origin = origin
        self.attributes = attributes
    }
}

/// A manifest file and a 1-based line in it.
extension SourceCandidate {
    /// How `absolutePath` is kept.
    private enum Location: Sendable {
        /// Under the corpus root: the path is `root + "/" + path`.
        case inRoot(String)
        /// Anywhere else (a stem decoded to a work folder).
        case at(String)
    }

    /// A file at `root + "/" + path`; the root's string is shared, not copied.
    public init(
        corpus: String, path: String, root: String, size: Int64, mtimeNanoseconds: Int64, labels: [String],
        group: String, officialSplit: String? = nil, origin: ManifestOrigin? = nil, attributes: SourceAttributes = [:]
    ) {
        self.init(
            corpus: corpus, path: path, absolutePath: "", size: size, mtimeNanoseconds: mtimeNanoseconds,
            labels: labels, group: group, officialSplit: officialSplit, origin: origin, attributes: attributes)
        location = .inRoot(root)
    }

    /// Equal when every field is, `absolutePath` compared as the path it gives however it is kept.
    public static func == (a: SourceCandidate, b: SourceCandidate) -> Bool {
        a.id == b.id && a.corpus == b.corpus && a.path == b.path && a.absolutePath == b.absolutePath
            && a.size == b.size && a.mtimeNanoseconds == b.mtimeNanoseconds && a.labels == b.labels
            && a.group == b.group && a.officialSplit == b.officialSplit && a.origin == b.origin
            && a.attributes == b.attributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(path)
        hasher.combine(absolutePath)
        hasher.combine(size)
        hasher.combine(mtimeNanoseconds)
    }
}

public struct ManifestOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Relative to the corpus root when inside it, else absolute.
    public var manifest: String
    public var line: Int

    public init(manifest: String, line: Int) {
        self.manifest = manifest
        self.line = line
    }

    public var description: String { "\(manifest):\(line)" }
}

/// What a corpus reader returns: the candidates in a stable order, and what it refused.
public struct CorpusScan: Sendable {
    public var candidates: [SourceCandidate] = []
    public var rejects: [MelshardCore.Reject] = []
    /// Files skipped because their extension is not audio (README, .DS_Store, ...), counted so
    /// that nothing disappears without a number in the summary.
    public var ignoredFiles = 0

    public init(candidates: [SourceCandidate] = [], rejects: [MelshardCore.Reject] = [], ignoredFiles: Int = 0) {
        self.candidates = candidates
        self.rejects = rejects
        self.ignoredFiles = ignoredFiles
    }

    public mutating func add(_ result: Result<SourceCandidate, MelshardCore.Reject>) {
        switch result {
        case .success(let candidate): candidates.append(candidate)
        case .failure(let reject): rejects.append(reject)
        }
    }
}
