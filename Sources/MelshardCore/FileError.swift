import Foundation

/// A file-system operation that failed, with the path and the system's reason.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// What was attempted: `open`, `write`, `fsync`, `rename`, ...
    public var operation: String
    public var message: String

    public init(path: String, operation: String, message: String) {
        self.path = path
        self.operation = operation
        self.message = message
    }

    /// From an `errno` value.
    public init(path: String, operation: String, code: Int32) {
        self.init(path: path, operation: operation, message: String(cString: strerror(code)))
    }

    public var description: String { "\(path): \(operation) failed: \(message)" }
}
