/// A strict JSON (RFC 8259) parser for safetensors headers, which come from untrusted files.
///
/// Written by hand rather than with `JSONSerialization` so that it can refuse what that one
/// quietly accepts or alters: duplicate keys (which would make a tensor name ambiguous),
/// numbers it would round through `Double`, and nesting deep enough to exhaust the stack.
struct JSONParser {
    struct SyntaxError: Error, Equatable {
        var message: String
        /// Byte offset into the parsed text.
        var offset: Int
    }

    /// A header needs three levels (header, entry, shape); anything far deeper is hostile.
    static let maximumDepth = 64

    private let text: ArraySlice<UInt8>
    private var index: Int

    /// Parses `text` as exactly one JSON value surrounded by optional whitespace.
    static func parse(_ text: ArraySlice<UInt8>) throws(SyntaxError) -> JSONValue {
        if let offset = firstInvalidUTF8(in: text) { throw SyntaxError(message: "invalid UTF-8", offset: offset) }
        var parser = JSONParser(text: text, index: text.startIndex)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 1)
        parser.skipWhitespace()
        guard parser.index == text.endIndex else {
            throw parser.error("unexpected text after the end of the JSON value")
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        guard let byte = peek() else { throw error("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(byte)), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = index
            let key = try parseString()
            guard members[key] == nil else {
                throw SyntaxError(
                    message: "duplicate key \(String(reflecting: key))", offset: keyOffset - text.startIndex)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "}"): index += 1; return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1; skipWhitespace()
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw error("expected ',' or ']' in a list")
            }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = next() else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let scalar = try parseEscape()
                UTF8.encode(scalar) { utf8.append($0) }
            case 0x00..<0x20:
                index -= 1
                throw error("unescaped control character \(describe(byte)) in a string")
            default:
                utf8.append(byte)  // the text is valid UTF-8, so multi-byte sequences pass through intact
            }
        }
    }

    /// The character after a backslash, and any `\uXXXX` digits (two escapes for a surrogate pair).
    private mutating func parseEscape() throws(SyntaxError) -> Unicode.Scalar {
        let backslash = index - 1
        func invalid(_ message: String) -> SyntaxError {
            SyntaxError(message: message, offset: backslash - text.startIndex)
        }
        guard let byte = next() else { throw error("unterminated string") }
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHexCodeUnit()
            switch unit {
            case 0xD800...0xDBFF:
                guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                    throw invalid("unpaired UTF-16 surrogate in \\u escape")
                }
                let low = try parseHexCodeUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw invalid("unpaired UTF-16 surrogate in \\u escape") }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            case 0xDC00...0xDFFF:
                throw invalid("unpaired UTF-16 surrogate in \\u escape")
            default:
                return Unicode.Scalar(unit)!
            }
        default:
            throw invalid("invalid escape character \(describe(byte)) after a backslash")
        }
    }

    private mutating func parseHexCodeUnit() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = hexDigitValue(byte) else {
                throw error("expected four hex digits after \\u")
            }
            index += 1
            value = value << 4 | digit
        }
        return value
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() else { throw error("invalid number") }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() else { throw error("expected digits after the decimal point") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { throw error("expected digits in the exponent") }
        }
        return .number(String(decoding: text[start..<index], as: UTF8.self))
    }

    /// Offset of the first ill-formed UTF-8 sequence, if any. Validating up front lets string
    /// parsing copy bytes through unchanged.
    private static func firstInvalidUTF8(in text: ArraySlice<UInt8>) -> Int? {
        var iterator = text.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    // MARK: Scanning

    private func peek() -> UInt8? { index < text.endIndex ? text[index] : nil }

    /// The current byte, consumed; nil, consuming nothing, at the end.
    private mutating func next() -> UInt8? {
        guard index < text.endIndex else { return nil }
        defer { index += 1 }
        return text[index]
    }

    private mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard text[index...].starts(with: bytes) else { throw error("invalid literal, expected \(literal)") }
        index += bytes.count
    }

    /// Skips `[0-9]+`; false if there was not at least one digit.
    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index > start
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte)
            ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16, uppercase: true)
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, offset: index - text.startIndex)
    }
}
