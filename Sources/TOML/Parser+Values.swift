/// Values: strings, arrays and inline tables by their opening character, and everything else
/// (numbers, booleans, dates) as a bare word that is then classified.
extension Parser {
    mutating func parseValue() throws(TOMLError) -> TOMLValue {
        switch peek() {
        case ASCII.quote?, ASCII.apostrophe?: .string(try parseString())
        case ASCII.openBracket?: try parseArray()
        case ASCII.openBrace?: try parseInlineTable()
        default: try parseBareValue()
        }
    }

    /// `[a, b, …]`: values may span lines, with comments between them and a trailing comma.
    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        let open = position
        try enter(levels: 1, at: open)
        defer { depth -= 1 }
        position += 1
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if isAtEnd { throw unclosed("array", opened: open, closing: "]") }
            if peek() == ASCII.closeBracket { break }
            elements.append(try parseValue())
            try skipWhitespaceCommentsAndNewlines()
            if isAtEnd { throw unclosed("array", opened: open, closing: "]") }
            if peek() == ASCII.closeBracket { break }
            guard peek() == ASCII.comma else {
                throw error("expected ',' or ']' after an array element, found \(describe())")
            }
            position += 1
        }
        position += 1
        return .array(elements)
    }

    /// `{ a = 1, b.c = 2 }`: on one line, without a trailing comma (TOML 1.0). Keys follow the
    /// same rules as in a table, so they go through a `TableBuilder` of their own.
    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        let open = position
        try enter(levels: 1, at: open)
        defer { depth -= 1 }
        let table = TableNode(origin: .root, line: source.line(at: open))
        let builder = TableBuilder(source: source, root: table)
        position += 1
        try skipInlineWhitespace(opened: open)
        if peek() == ASCII.closeBrace {
            position += 1
            return .table(table.table)
        }
        while true {
            let key = try parseKey()
            try skipInlineWhitespace(opened: open)
            guard peek() == ASCII.equals else {
                throw error("expected '=' after key '\(key.display())', found \(describe())")
            }
            position += 1
            try skipInlineWhitespace(opened: open)
            // `a.b.c = [` opens two tables before the array does.
            try enter(levels: key.parts.count - 1, at: key.offset)
            let value = try parseValue()
            depth -= key.parts.count - 1
            try builder.assign(key, value)
            try skipInlineWhitespace(opened: open)
            switch peek() {
            case ASCII.closeBrace?:
                position += 1
                return .table(table.table)
            case ASCII.comma?:
                position += 1
                try skipInlineWhitespace(opened: open)
                if peek() == ASCII.closeBrace {
                    throw error("expected a key after ',': TOML 1.0 does not allow a trailing comma in an inline table")
                }
            default:
                throw error("expected ',' or '}' after a value in an inline table, found \(describe())")
            }
        }
    }

    /// Counts `levels` more around the value about to be read, or refuses the document when
    /// that goes past `maximumDepth`.
    private mutating func enter(levels: Int, at offset: Int) throws(TOMLError) {
        guard depth + levels <= Self.maximumDepth else {
            throw error(
                at: offset,
                "arrays and inline tables nest more than \(Self.maximumDepth) levels deep here; a recipe needs a few")
        }
        depth += levels
    }

    /// Whitespace inside `{ … }`, where a newline or a comment is an error, not a separator.
    private mutating func skipInlineWhitespace(opened open: Int) throws(TOMLError) {
        skipWhitespace()
        switch peek() {
        case nil:
            throw unclosed("inline table", opened: open, closing: "}")
        case ASCII.lineFeed?, ASCII.carriageReturn?:
            throw error(
                "newline inside an inline table: TOML 1.0 inline tables must be on one line (use a [table] instead)")
        case ASCII.hash?:
            throw error("comment inside an inline table: TOML 1.0 inline tables must be on one line")
        default:
            return
        }
    }

    /// An array or inline table still open at the end of the file, reported where it opened.
    private func unclosed(_ what: String, opened open: Int, closing: String) -> TOMLError {
        error(at: open, "unclosed \(what): expected '\(closing)' before the end of the file")
    }

    /// A value written without quotes or brackets: a boolean, a number, or a date (rejected).
    private mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = position
        while let byte = peek(), !Self.endsBareValue(byte) { position += 1 }
        let word = bytes[start..<position]
        let text = String(decoding: word, as: UTF8.self)
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if Self.looksLikeDateOrTime(word) {
            throw error(
                at: start,
                "dates and times are not supported (melshard recipes have no date values); quote '\(text)' if it is meant as a string"
            )
        }
        guard let first = word.first else {
            throw error("expected a value, found \(describe())")
        }
        guard
            ASCII.isDigit(first) || [ASCII.plus, ASCII.minus, ASCII.dot].contains(first) || text == "inf"
                || text == "nan"
        else {
            throw error(
                at: start,
                "expected a value, found '\(text)'; strings must be quoted, and booleans are written true or false")
        }
        do {
            return try NumberLiteral.parse(Array(word))
        } catch {
            throw self.error(at: start + error.offset, "invalid number '\(text)': \(error.reason)")
        }
    }

    /// Where a bare value ends: whitespace, a newline, a separator, a closing bracket or a comment.
    private static func endsBareValue(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn,
            ASCII.comma, ASCII.closeBracket, ASCII.closeBrace, ASCII.hash:
            true
        default:
            false
        }
    }

    /// `1979-05-27…` or `07:32…`: four digits and a dash, or two digits and a colon.
    private static func looksLikeDateOrTime(_ word: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(word.prefix(5))
        func digits(_ count: Int) -> Bool { bytes.count > count && bytes.prefix(count).allSatisfy(ASCII.isDigit) }
        return (digits(4) && bytes[4] == ASCII.minus) || (digits(2) && bytes[2] == ASCII.colon)
    }
}
