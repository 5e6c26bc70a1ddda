/// One input that a stage could not use, and why. Rejects are recorded in the index and
/// counted in the summary; the build goes on without them (unless `--strict`).
public struct Reject: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        case ingest, align, balance, features
    }

    /// The corpus name from the recipe, when the input belongs to one.
    public var corpus: String?
    /// The file, relative to the corpus root when it is inside it.
    public var path: String
    /// The 1-based manifest line, when the input is a manifest row.
    public var line: Int?
    public var stage: Stage
    /// A stable, short reason code, e.g. `truncated-file`, for grouping and scripts.
    public var code: String
    /// The reason in words.
    public var reason: String

    public init(corpus: String?, path: String, line: Int? = nil, stage: Stage, code: String, reason: String) {
        self.corpus = corpus
        self.path = path
        self.line = line
        self.stage = stage
        self.code = code
        self.reason = reason
    }

    public var description: String {
        let location = (corpus.map { "\($0):" } ?? "") + path + (line.map { ":\($0)" } ?? "")
        return "\(location): \(stage.rawValue): \(reason) [\(code)]"
    }
}
