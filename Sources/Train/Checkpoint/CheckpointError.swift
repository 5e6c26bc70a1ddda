import MelshardCore
import Safetensors

/// A checkpoint that cannot be written, read or restored: which file or tensor, and why.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder at fault.
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    init(_ error: FileError) {
        self.init(path: error.path, problem: "\(error.operation) failed: \(error.message)")
    }

    /// The reader's error, whose description already names the file.
    init(_ error: SafetensorsError) {
        self.init(path: error.path, problem: error.problem)
    }

    public var description: String { "\(path): \(problem)" }
}
