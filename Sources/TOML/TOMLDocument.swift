import Foundation

/// Entry points: a TOML 1.0 document, from text or from a file, read into a `TOMLTable`.
public enum TOMLDocument {
    /// Parses `text`. `path` only names the source in errors.
    public static func parse(_ text: String, path: String = "<string>") throws(TOMLError) -> TOMLTable {
        var parser = Parser(source: SourceText(path: path, bytes: Array(text.utf8)))
        return try parser.parseDocument()
    }

    /// Reads and parses the file at `path`, which must be UTF-8 (a leading byte-order mark is fine).
    public static func parse(contentsOf path: String) throws(TOMLError) -> TOMLTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TOMLError(path: path, line: 0, column: 0, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw TOMLError(path: path, line: 0, column: 0, reason: "is a directory, not a TOML file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLError(path: path, line: 0, column: 0, reason: "cannot read the file")
        }
        let source = SourceText(path: path, bytes: Array(data))
        if let offset = firstInvalidUTF8(in: source.bytes) {
            throw source.error(
                at: offset,
                "the file is not valid UTF-8 (byte 0x\(String(source.bytes[offset], radix: 16, uppercase: true)))")
        }
        var parser = Parser(source: source)
        return try parser.parseDocument()
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}
