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

    public var description: String { "\(path): \(reason)" + (hint.map { "; \($0)" } ?? "") }
}
