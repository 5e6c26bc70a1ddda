/// The four kinds of string: basic `"…"`, literal `'…'`, and their multi-line forms `"""…"""`
/// and `'''…'''`. Each is read from its opening quote and returned without its delimiters.
extension Parser {
    mutating func parseString() throws(TOMLError) -> String {
        let quote = peek()!
        let isMultiline = peek(1) == quote && peek(2) == quote
        switch (quote, isMultiline) {
        case (ASCII.quote, false): return try parseBasicString()
        case (ASCII.quote, true): return try parseMultilineString(escapes: true)
        case (_, false): return try parseLiteralString()
        case (_, true): return try parseMultilineString(escapes: false)
        }
    }

    /// `"…"`: one line, with escapes.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let open = position
        position += 1
        var content: [UInt8] = []
        while true {
            try checkSingleLine(opened: open, closing: "\"")
            switch peek()! {
            case ASCII.quote:
                position += 1
                return String(decoding: content, as: UTF8.self)
            case ASCII.backslash:
                try parseEscape(into: &content)
            case let byte:
                try checkNotControl(byte)
                content.append(byte)
                position += 1
            }
        }
    }

    /// `'…'`: one line, taken exactly as written.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = position
        position += 1
        let start = position
        while true {
            try checkSingleLine(opened: open, closing: "'")
            let byte = peek()!
            if byte == ASCII.apostrophe { break }
            try checkNotControl(byte)
            position += 1
        }
        let content = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return content
    }

    /// `"""…"""` (with escapes) or `'''…'''` (without). A newline right after the opening
    /// delimiter is dropped, CRLF is read as LF, and up to two quotes may sit just before the
    /// closing three (`""""a"""""` is `"a""`).
    private mutating func parseMultilineString(escapes: Bool) throws(TOMLError) -> String {
        let open = position
        let quote = peek()!
        let delimiter = escapes ? "\"\"\"" : "'''"
        position += 3
        _ = try consumeNewline()
        var content: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error(at: open, "unterminated string: expected a closing \(delimiter) before the end of the file")
            }
            switch byte {
            case quote where peek(1) == quote && peek(2) == quote:
                position += 3
                // Quotes beyond the third belong to the content: the string ends at the last three.
                var extraQuotes = 0
                while extraQuotes < 2 && peek() == quote {
                    content.append(quote)
                    position += 1
                    extraQuotes += 1
                }
                return String(decoding: content, as: UTF8.self)
            case ASCII.backslash where escapes:
                if try skipLineEndingBackslash() { continue }
                try parseEscape(into: &content)
            case ASCII.lineFeed, ASCII.carriageReturn:
                _ = try consumeNewline()
                content.append(ASCII.lineFeed)
            default:
                try checkNotControl(byte)
                content.append(byte)
                position += 1
            }
        }
    }

    /// A `\` that is the last thing on its line joins the lines: it is dropped together with all
    /// whitespace and newlines up to the next other character. Returns false, consuming nothing,
    /// if the backslash starts an ordinary escape instead.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        let backslash = position
        position += 1
        skipWhitespace()
        guard try consumeNewline() else {
            position = backslash
            return false
        }
        try skipWhitespaceAndNewlines()
        return true
    }

    private mutating func skipWhitespaceAndNewlines() throws(TOMLError) {
        repeat { skipWhitespace() } while try consumeNewline()
    }

    /// One escape sequence, from its backslash; appends the UTF-8 of the character it stands for.
    private mutating func parseEscape(into content: inout [UInt8]) throws(TOMLError) {
        let start = position
        guard let letter = peek(1), letter >= ASCII.space, letter != ASCII.delete else {
            throw error("invalid escape: a backslash must be followed by one of b t n f r \" \\ u U")
        }
        position += 2
        switch letter {
        case UInt8(ascii: "b"): content.append(0x08)
        case UInt8(ascii: "t"): content.append(ASCII.tab)
        case UInt8(ascii: "n"): content.append(ASCII.lineFeed)
        case UInt8(ascii: "f"): content.append(0x0C)
        case UInt8(ascii: "r"): content.append(ASCII.carriageReturn)
        case ASCII.quote: content.append(ASCII.quote)
        case ASCII.backslash: content.append(ASCII.backslash)
        case UInt8(ascii: "u"): content.append(contentsOf: try parseUnicodeEscape(from: start, digits: 4).utf8)
        case UInt8(ascii: "U"): content.append(contentsOf: try parseUnicodeEscape(from: start, digits: 8).utf8)
        default:
            throw error(
                at: start,
                "invalid escape '\\\(describe(at: start + 1).dropFirst().dropLast())'; valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX"
            )
        }
    }

    /// The hex digits of `\uXXXX` or `\UXXXXXXXX`, which must name a Unicode scalar value.
    private mutating func parseUnicodeEscape(from start: Int, digits: Int) throws(TOMLError) -> Unicode.Scalar {
        let hex = bytes[position...].prefix(digits)
        let written =
            "\\"
            + String(
                decoding: bytes[(start + 1)..<(position + hex.prefix { ASCII.isHexDigit($0) }.count)], as: UTF8.self)
        guard hex.count == digits, hex.allSatisfy(ASCII.isHexDigit) else {
            throw error(
                at: start,
                "invalid escape '\(written)': \\\(digits == 4 ? "u" : "U") needs exactly \(digits) hex digits")
        }
        position += digits
        guard let scalar = Unicode.Scalar(UInt32(String(decoding: hex, as: UTF8.self), radix: 16)!) else {
            throw error(
                at: start,
                "invalid escape '\(written)': not a Unicode scalar value (surrogates and values above 10FFFF are not characters)"
            )
        }
        return scalar
    }

    /// Single-line strings end at their line: reaching a newline or the end of the file first is
    /// reported at the opening quote, the place to fix.
    private func checkSingleLine(opened open: Int, closing: String) throws(TOMLError) {
        switch peek() {
        case nil:
            throw error(at: open, "unterminated string: expected a closing \(closing) before the end of the file")
        case ASCII.lineFeed:
            throw error(at: open, "unterminated string: expected a closing \(closing) before the end of the line")
        case ASCII.carriageReturn where peek(1) == ASCII.lineFeed:
            throw error(at: open, "unterminated string: expected a closing \(closing) before the end of the line")
        default:
            return
        }
    }

    private func checkNotControl(_ byte: UInt8) throws(TOMLError) {
        if ASCII.isForbiddenControl(byte) {
            throw error(
                "control character \(Self.codePoint(byte)) is not allowed in a string; write it as the escape \\u\(String(byte, radix: 16, uppercase: true).leftPadded(to: 4)) in a basic string"
            )
        }
    }
}
