/// Why a document could not be read, and where.
///
/// `line` and `column` are 1-based; the column counts Unicode scalars, so it matches what an
/// editor shows for non-ASCII text. Errors about the file as a whole (missing, unreadable) have
/// no position: their line and column are 0 and the description leaves them out.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var reason: String

    public init(path: String, line: Int, column: Int, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `PATH:LINE:COLUMN: REASON`, the shape compilers use, so editors and terminals can link it.
    public var description: String {
        line > 0 ? "\(path):\(line):\(column): \(reason)" : "\(path): \(reason)"
    }
}
