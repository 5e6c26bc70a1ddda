/// Why a picture or a report could not be made: the file or clip concerned, and what to do.
public struct PicturesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output directory, shard or file the problem is in.
    public var path: String
    public var reason: String
    /// How to fix it, when there is something to do.
    public var hint: String?

    public init(path: String, reason: String, hint: String? = nil) {
        self.path = path
        self.reason = reason
        self.hint = hint
    }

    /// `PATH: REASON; HINT`, the path once: a reason taken from another module's error often
    /// names the same file already (a safetensors or SQLite error does), and is then not prefixed again.
    public var description: String {
        let located = reason.hasPrefix(path + ":") ? reason : "\(path): \(reason)"
        return located + (hint.map { "; \($0)" } ?? "")
    }
}
