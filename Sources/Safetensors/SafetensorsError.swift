/// Why a safetensors file could not be read, or tensors could not be encoded, and which file.
public struct SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file being read. Empty for errors from `SafetensorsEncoder`, which sees no file;
    /// a caller writing the bytes to disk can fill it in before passing the error on.
    public var path: String
    public var reason: Reason

    public enum Reason: Sendable, Equatable {
        /// The file could not be opened or read; the system's message.
        case unreadable(String)
        /// Fewer than the 8 bytes that hold the header length.
        case tooShort(size: Int)
        /// The declared header length runs past the end of the file or over the 100 MB limit.
        case headerTooLarge(declared: UInt64, fileSize: Int)
        /// The header is not UTF-8, not JSON, or not a JSON object; what went wrong, and where.
        case headerNotJSON(String)
        /// A header entry (a tensor, or `__metadata__`) is malformed.
        case badEntry(name: String, problem: String)
        /// A tensor's data ends after the end of the data buffer.
        case offsetsOutOfBounds(name: String, end: Int, dataSize: Int)
        /// Sorted by offset, this tensor does not start where the previous one ends
        /// (or, for the first, at 0): a gap or an overlap.
        case offsetsNotContiguous(name: String)
        /// This many bytes follow the last tensor and belong to none.
        case trailingBytes(Int)
        /// The file is valid but has no tensor of that name.
        case noSuchTensor(String)
        /// The tensor exists but holds another element type than the one asked for.
        case wrongDType(name: String, expected: String, actual: String)
        /// A tensor handed to the encoder cannot be written as it is.
        case invalidTensor(name: String, problem: String)
    }

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// `PATH: not a valid safetensors file: <reason>` for a malformed file. An unreadable file,
    /// a missing tensor, a wrong type or a tensor the encoder refuses is not a malformed file,
    /// and says so instead.
    public var description: String {
        let prefix = path.isEmpty ? "" : "\(path): "
        let invalid = prefix + "not a valid safetensors file: "
        switch reason {
        case .unreadable(let message):
            return prefix + "cannot read the file: \(message)"
        case .tooShort(let size):
            return invalid + "the file is \(size) bytes long, too short for the 8-byte header length"
        case .headerTooLarge(let declared, let fileSize):
            return invalid
                + "the header claims \(declared) bytes, more than the \(fileSize)-byte file or the 100 MB limit allows"
        case .headerNotJSON(let problem):
            return invalid + "the header is not a JSON object: \(problem)"
        case .badEntry(let name, let problem):
            return invalid + "header entry \(quoted(name)): \(problem)"
        case .offsetsOutOfBounds(let name, let end, let dataSize):
            return invalid + "tensor \(quoted(name)) ends at byte \(end) of a \(dataSize)-byte data buffer"
        case .offsetsNotContiguous(let name):
            return invalid
                + "tensor \(quoted(name)) does not start where the previous tensor ends (a gap or an overlap)"
        case .trailingBytes(let count):
            return invalid + "\(count) bytes after the last tensor belong to no tensor"
        case .noSuchTensor(let name):
            return prefix + "no tensor named \(quoted(name))"
        case .wrongDType(let name, let expected, let actual):
            return prefix + "tensor \(quoted(name)) holds \(actual), expected \(expected)"
        case .invalidTensor(let name, let problem):
            return prefix + "cannot write tensor \(quoted(name)): \(problem)"
        }
    }

    /// Names come from untrusted files: quote and escape them so control characters cannot
    /// garble a terminal or a log line.
    private func quoted(_ name: String) -> String { String(reflecting: name) }
}
