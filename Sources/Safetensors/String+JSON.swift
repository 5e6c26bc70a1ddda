extension String {
    /// The string as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (including non-ASCII) written as UTF-8, so the result is deterministic.
    var jsonQuoted: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Byte-wise order of the UTF-8 encodings: the order of keys in the header we write and of
    /// `SafetensorsHeader.entries`. Unlike `<`, it does not depend on Unicode normalization.
    func precedesInUTF8(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
