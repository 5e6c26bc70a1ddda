/// A failure reported by libpng, with the file (or "memory") it concerns and libpng's words.
///
/// The description is one line, `path: reason`, since the command line prints it as is.
public struct PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file being written or read, or `<memory>` for an in-memory buffer.
    public var path: String
    /// The libpng function that failed (`png_image_write_to_memory`, ...), or the wrapper's step.
    public var function: String
    /// libpng's own message (`png_image.message`), or ours where it gave none.
    public var reason: String

    public init(path: String, function: String, reason: String) {
        self.path = path
        self.function = function
        self.reason = reason
    }

    public var description: String { "\(path): \(reason) (\(function))" }
}
