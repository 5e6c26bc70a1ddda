/// Reads a document line by line: headers, key/value pairs, comments and blank lines.
///
/// Values, keys and strings are read by the extensions in the other `Parser+…` files; the rules
/// about which table may be defined where are `TableBuilder`'s. The parser reads bytes and keeps
/// positions as byte offsets, which `SourceText` turns into lines and columns for errors.
struct Parser {
    /// How deep arrays and inline tables may nest, counting the tables a dotted key inside an
    /// inline table opens, and how many parts a key may have. Values are read recursively, so
    /// without a limit `a = [[[…]]]` 20,000 deep overflows the stack; a recipe needs three.
    static let maximumDepth = 128

    let source: SourceText
    let bytes: [UInt8]
    var position = 0
    /// The arrays and inline tables (and dotted-key tables inside them) around the current value.
    var depth = 0

    init(source: SourceText) {
        self.source = source
        bytes = source.bytes
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        var builder = TableBuilder(source: source)
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            switch byte {
            case ASCII.hash, ASCII.lineFeed, ASCII.carriageReturn:
                try finishLine(after: nil)
            case ASCII.openBracket:
                let (key, isArray) = try parseHeader()
                if isArray { try builder.appendTable(key) } else { try builder.defineTable(key) }
                try finishLine(after: "the table header")
            default:
                let (key, value) = try parseKeyValue()
                try builder.assign(key, value)
                try finishLine(after: "the value of '\(key.display())'", keyMayFollow: true)
            }
        }
        return builder.root.table
    }

    /// `[a.b]` or `[[a.b]]`, starting at the first `[`.
    private mutating func parseHeader() throws(TOMLError) -> (key: Key, isArray: Bool) {
        position += 1
        let isArray = peek() == ASCII.openBracket
        if isArray { position += 1 }
        skipWhitespace()
        let key = try parseKey()
        skipWhitespace()
        // `]]` must be two adjacent brackets; point past the first if only the second is missing.
        for _ in 0..<(isArray ? 2 : 1) {
            guard peek() == ASCII.closeBracket else {
                let close = isArray ? "]]" : "]"
                throw error(
                    "expected '\(close)' to close the header \(isArray ? "[[" : "[")\(key.display())\(close), found \(describe())"
                )
            }
            position += 1
        }
        return (key, isArray)
    }

    /// `key = value`, where `value` may run over several lines (arrays, multi-line strings).
    private mutating func parseKeyValue() throws(TOMLError) -> (Key, TOMLValue) {
        let key = try parseKey()
        let keyEnd = position
        skipWhitespace()
        guard peek() == ASCII.equals else {
            throw missingEquals(after: key, keyEnd: keyEnd)
        }
        position += 1
        skipWhitespace()
        return (key, try parseValue())
    }

    /// The error for a key not followed by `=`. Usually the key was meant to go on, so a stray
    /// character right after a bare key is reported as part of the key.
    private func missingEquals(after key: Key, keyEnd: Int) -> TOMLError {
        if position == keyEnd, let byte = peek(), byte >= ASCII.space, byte != ASCII.delete,
            bytes[keyEnd - 1] != ASCII.quote, bytes[keyEnd - 1] != ASCII.apostrophe
        {
            return error(
                "invalid character \(describe()) in bare key '\(key.display())'; bare keys may only hold A-Z, a-z, 0-9, '_' and '-', so quote any other key"
            )
        }
        return error("expected '=' after key '\(key.display())', found \(describe())")
    }

    /// Ends a line: optional whitespace, an optional comment, then a newline or the end of the file.
    /// `keyMayFollow` turns "unexpected text" into the likelier diagnosis of two pairs on one line.
    private mutating func finishLine(after what: String?, keyMayFollow: Bool = false) throws(TOMLError) {
        skipWhitespace()
        if peek() == ASCII.hash { try skipComment() }
        if isAtEnd { return }
        if try consumeNewline() { return }
        guard let what else {
            throw error("unexpected \(describe()); expected a key, a [header], a comment or a blank line")
        }
        if keyMayFollow && looksLikeKeyValue() {
            throw error("found another key on the same line as \(what); each key/value pair needs its own line")
        }
        throw error("unexpected \(describe()) after \(what); expected a comment or a new line")
    }

    /// Whether the rest of the line reads like `key = …`.
    private func looksLikeKeyValue() -> Bool {
        guard let byte = peek(), ASCII.isBareKey(byte) || byte == ASCII.quote || byte == ASCII.apostrophe else {
            return false
        }
        let rest = bytes[position...].prefix { $0 != ASCII.lineFeed }
        return rest.contains(ASCII.equals)
    }
}

// MARK: - Reading bytes

extension Parser {
    var isAtEnd: Bool { position >= bytes.count }

    func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    func error(_ reason: String) -> TOMLError {
        source.error(at: position, reason)
    }

    func error(at offset: Int, _ reason: String) -> TOMLError {
        source.error(at: offset, reason)
    }

    /// Spaces and tabs, the only whitespace TOML has within a line.
    mutating func skipWhitespace() {
        while let byte = peek(), byte == ASCII.space || byte == ASCII.tab { position += 1 }
    }

    /// Whitespace, comments and newlines, as allowed between the elements of an array.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == ASCII.hash { try skipComment() }
            guard try consumeNewline() else { return }
        }
    }

    /// Consumes a line feed or a CRLF pair; returns false if the next byte starts neither.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        switch peek() {
        case ASCII.lineFeed:
            position += 1
            return true
        case ASCII.carriageReturn:
            guard peek(1) == ASCII.lineFeed else { throw error("a carriage return must be followed by a line feed") }
            position += 2
            return true
        default:
            return false
        }
    }

    /// From `#` to the end of the line, leaving the newline itself.
    mutating func skipComment() throws(TOMLError) {
        position += 1
        while let byte = peek(), byte != ASCII.lineFeed {
            if byte == ASCII.carriageReturn && peek(1) == ASCII.lineFeed { return }
            if ASCII.isForbiddenControl(byte) {
                throw error("control character \(Self.codePoint(byte)) is not allowed in a comment")
            }
            position += 1
        }
    }

    /// The character at `offset` as a message shows it: `'x'`, "end of line", "end of file".
    func describe(at offset: Int? = nil) -> String {
        let offset = offset ?? position
        guard offset < bytes.count else { return "end of file" }
        let byte = bytes[offset]
        if byte == ASCII.lineFeed
            || (byte == ASCII.carriageReturn && offset + 1 < bytes.count && bytes[offset + 1] == ASCII.lineFeed)
        {
            return "end of line"
        }
        if ASCII.isForbiddenControl(byte) { return "control character \(Self.codePoint(byte))" }
        // The whole scalar, not just its first byte: its length is in the lead byte's high bits.
        let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
        return "'" + String(decoding: bytes[offset..<min(offset + length, bytes.count)], as: UTF8.self) + "'"
    }

    /// `U+0007`, the way the Unicode standard names a character.
    static func codePoint(_ value: some BinaryInteger) -> String {
        "U+" + String(value, radix: 16, uppercase: true).leftPadded(to: 4)
    }
}
