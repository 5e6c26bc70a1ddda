/// TOML's integer and float syntax, checked strictly before anything is converted, because
/// `Int64("…")` and `Double("…")` accept text TOML forbids (`0123`, `1.`, `0x1p3`) and reject
/// text TOML allows (`1_000`, `0b101`).
enum NumberLiteral {
    /// What is wrong, and the byte offset within the literal where it went wrong.
    struct Problem: Error {
        var offset: Int
        var reason: String
    }

    /// Reads a whole integer or float literal, such as `-1_024`, `0xff`, `6.02e23` or `-inf`.
    static func parse(_ text: [UInt8]) throws(Problem) -> TOMLValue {
        let hasSign = text.first == ASCII.plus || text.first == ASCII.minus
        let isNegative = text.first == ASCII.minus
        let unsigned = String(decoding: text.dropFirst(hasSign ? 1 : 0), as: UTF8.self)
        if unsigned == "inf" { return .float(isNegative ? -.infinity : .infinity) }
        if unsigned == "nan" { return .float(isNegative ? -.nan : .nan) }
        if let radix = Radix(prefix: unsigned) {
            guard !hasSign else { throw Problem(offset: 0, reason: "\(radix.name) integers cannot have a sign") }
            return try parseInteger(text, radix: radix)
        }
        return try parseDecimal(text, from: hasSign ? 1 : 0)
    }

    private enum Radix {
        case binary, octal, decimal, hexadecimal

        /// The base named by a `0x`, `0o` or `0b` prefix (lowercase only, as TOML requires).
        init?(prefix text: String) {
            switch text.prefix(2) {
            case "0b": self = .binary
            case "0o": self = .octal
            case "0x": self = .hexadecimal
            default: return nil
            }
        }

        var name: String { "\(self)" }

        var digitName: String { self == .octal ? "an octal digit" : "a \(name) digit" }

        var base: Int {
            switch self {
            case .binary: 2
            case .octal: 8
            case .decimal: 10
            case .hexadecimal: 16
            }
        }

        func isDigit(_ byte: UInt8) -> Bool {
            switch self {
            case .hexadecimal: ASCII.isHexDigit(byte)
            default: ASCII.isDigit(byte) && Int(byte - ASCII.zero) < base
            }
        }
    }

    /// `0x…`, `0o…` or `0b…`; leading zeros are allowed after the prefix.
    private static func parseInteger(_ text: [UInt8], radix: Radix) throws(Problem) -> TOMLValue {
        let end = try digitRun(text, from: 2, radix: radix)
        guard end == text.count else { throw unexpected(text, at: end) }
        guard let value = Int64(withoutUnderscores(text[2...]), radix: radix.base) else {
            throw Problem(offset: 0, reason: "it does not fit in a 64-bit signed integer")
        }
        return .integer(value)
    }

    /// `[sign] integer-part [. fraction] [e [sign] exponent]`; a float needs a fraction, an
    /// exponent or both.
    private static func parseDecimal(_ text: [UInt8], from start: Int) throws(Problem) -> TOMLValue {
        var index = try digitRun(text, from: start, radix: .decimal)
        if text[start] == ASCII.zero && index - start > 1 {
            throw Problem(offset: start, reason: "leading zeros are not allowed")
        }
        var isFloat = false
        if index < text.count && text[index] == ASCII.dot {
            isFloat = true
            index = try digitRun(text, from: index + 1, radix: .decimal, after: "the decimal point")
        }
        if index < text.count && (text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E")) {
            isFloat = true
            index += 1
            if index < text.count && (text[index] == ASCII.plus || text[index] == ASCII.minus) { index += 1 }
            index = try digitRun(text, from: index, radix: .decimal, after: "the exponent mark")
        }
        guard index == text.count else { throw unexpected(text, at: index) }

        let digits = withoutUnderscores(text[...])
        if isFloat {
            guard let value = Double(digits), value.isFinite else {
                throw Problem(offset: 0, reason: "it is too large for a 64-bit float")
            }
            return .float(value)
        }
        guard let value = Int64(digits) else {
            throw Problem(offset: 0, reason: "it does not fit in a 64-bit signed integer")
        }
        return .integer(value)
    }

    /// One or more digits with single underscores between them, starting at `start`; returns the
    /// offset just past the run.
    private static func digitRun(
        _ text: [UInt8], from start: Int, radix: Radix, after context: String? = nil
    ) throws(Problem) -> Int {
        guard start < text.count, radix.isDigit(text[start]) else {
            if start < text.count && text[start] == ASCII.underscore {
                throw Problem(offset: start, reason: "an underscore must sit between two digits")
            }
            let place = context.map { " after \($0)" } ?? ""
            throw Problem(offset: start, reason: "expected \(radix.digitName)\(place)")
        }
        var index = start + 1
        while index < text.count {
            if radix.isDigit(text[index]) {
                index += 1
            } else if text[index] == ASCII.underscore {
                guard index + 1 < text.count, radix.isDigit(text[index + 1]) else {
                    throw Problem(offset: index, reason: "an underscore must sit between two digits")
                }
                index += 1
            } else {
                break
            }
        }
        return index
    }

    private static func unexpected(_ text: [UInt8], at offset: Int) -> Problem {
        // The whole character, not just its first byte: continuation bytes are 10xxxxxx.
        let length = 1 + text[(offset + 1)...].prefix { $0 & 0xC0 == 0x80 }.count
        let character = String(decoding: text[offset..<(offset + length)], as: UTF8.self)
        return Problem(offset: offset, reason: "unexpected '\(character)'")
    }

    private static func withoutUnderscores(_ text: ArraySlice<UInt8>) -> String {
        String(decoding: text.filter { $0 != ASCII.underscore }, as: UTF8.self)
    }
}
