/// A corpus that cannot be read at all: its root or a manifest it needs is missing. Building
/// without it would only mislead, so the build stops and says what to fix.
public struct CorpusError: Error, Sendable, Equatable, CustomStringConvertible {
    public var corpus: String
    public var path: String
    public var reason: String
    /// What the user can do about it.
    public var hint: String

    public init(corpus: String, path: String, reason: String, hint: String) {
        self.corpus = corpus
        self.path = path
        self.reason = reason
        self.hint = hint
    }

    public var description: String { "corpus '\(corpus)': \(path) \(reason); \(hint)" }
}
