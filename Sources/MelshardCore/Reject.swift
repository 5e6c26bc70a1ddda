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
    /// True when the input was used anyway and the record is a warning: exact duplicate audio
    /// under two names is kept (both in one group) and reported like a reject.
    public var kept: Bool

    public init(
        corpus: String?, path: String, line: Int? = nil, stage: Stage, code: String, reason: String, kept: Bool = false
    ) {
        self.corpus = corpus
        self.path = path
        self.line = line
        self.stage = stage
        self.code = code
        self.reason = reason
        self.kept = kept
    }

    public var description: String {
        let location = (corpus.map { "\($0):" } ?? "") + path + (line.map { ":\($0)" } ?? "")
        return "\(location): \(stage.rawValue): \(reason) [\(code)\(kept ? ", kept" : "")]"
    }

    enum CodingKeys: String, CodingKey { case corpus, path, line, stage, code, reason, kept }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            corpus: try c.decodeIfPresent(String.self, forKey: .corpus), path: try c.decode(String.self, forKey: .path),
            line: try c.decodeIfPresent(Int.self, forKey: .line), stage: try c.decode(Stage.self, forKey: .stage),
            code: try c.decode(String.self, forKey: .code), reason: try c.decode(String.self, forKey: .reason),
            kept: try c.decodeIfPresent(Bool.self, forKey: .kept) ?? false)
    }
}
