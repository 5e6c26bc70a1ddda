/// Text from the input (labels, paths, reasons) made safe to print on a terminal.
///
/// A corpus is made by strangers: a folder named `ESC[2J` or a file name holding a newline
/// would otherwise clear the user's screen, recolour it or forge a line of output. Every text
/// command passes what it prints through here; `--json` output is left exact, because JSON
/// escapes control characters itself and scripts need the real bytes.
///
/// Control characters (C0, DEL and C1) are written as escapes a person can read: `\e` for ESC,
/// `\n`, `\r`, `\t`, and `\xHH` (or `\u{HHHH}` for C1) for the rest. Other text, backslashes
/// included, is unchanged, so the output of an ordinary corpus stays exactly as before.
enum TerminalText {
    /// `text` with every control character escaped.
    static func escaped(_ text: String) -> String {
        escaped(text, keepingNewlines: false)
    }

    /// `text` with every control character escaped, newlines too unless `keepingNewlines`
    /// (for a message whose own lines are part of its form, such as a recipe's list of problems).
    static func escaped(_ text: String, keepingNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar), !(keepingNewlines && scalar == "\n") else {
                result.unicodeScalars.append(scalar)
                continue
            }
            result += escape(scalar)
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{1B}": return "\\e"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value < 0x80
                ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{" + hex + "}"
        }
    }
}
