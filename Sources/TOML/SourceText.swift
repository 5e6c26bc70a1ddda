/// The document's UTF-8 bytes, with what is needed to turn a byte offset into a line and column.
///
/// The parser works on bytes because every TOML delimiter is ASCII; positions stay byte
/// offsets until something needs to be shown to a person.
struct SourceText {
    let path: String
    let bytes: [UInt8]
    /// Byte offset at which each line starts; line N (1-based) starts at `lineStarts[N - 1]`.
    private let lineStarts: [Int]

    /// `bytes` must be valid UTF-8; a leading byte-order mark is dropped.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var starts = [0]
        for (offset, byte) in self.bytes.enumerated() where byte == ASCII.lineFeed {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// The 1-based line holding `offset`.
    func line(at offset: Int) -> Int {
        // The last line start at or before `offset`, by binary search.
        var low = 0, high = lineStarts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        return low + 1
    }

    /// The 1-based column of `offset`, counted in Unicode scalars.
    func column(at offset: Int) -> Int {
        let start = lineStarts[line(at: offset) - 1]
        // Every scalar has exactly one byte that is not a continuation byte (10xxxxxx).
        return bytes[start..<min(offset, bytes.count)].count(where: { $0 & 0xC0 != 0x80 }) + 1
    }

    func error(at offset: Int, _ reason: String) -> TOMLError {
        TOMLError(path: path, line: line(at: offset), column: column(at: offset), reason: reason)
    }
}

/// The ASCII bytes the grammar is written in.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let apostrophe: UInt8 = 0x27  // '
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let openBracket: UInt8 = 0x5B  // [
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D  // ]
    static let underscore: UInt8 = 0x5F
    static let openBrace: UInt8 = 0x7B  // {
    static let closeBrace: UInt8 = 0x7D  // }
    static let delete: UInt8 = 0x7F

    static func isDigit(_ byte: UInt8) -> Bool { (zero...nine).contains(byte) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Letters, digits, `_` and `-`: the only characters a TOML 1.0 bare key may hold.
    static func isBareKey(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == underscore || byte == minus
    }

    /// Control characters TOML forbids outside escapes: U+0000–U+001F except tab, and U+007F.
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < space && byte != tab) || byte == delete
    }
}
