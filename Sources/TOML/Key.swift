/// A key as written in the document: one or more parts joined by dots (`a."b c".d`), each
/// remembering its byte offset so an error can point at the exact part at fault.
struct Key {
    struct Part {
        var name: String
        var offset: Int
    }

    var parts: [Part]

    var offset: Int { parts[0].offset }

    /// The parts up to and including `last`, written the way TOML would write them, for messages.
    func display(through last: Int? = nil) -> String {
        parts[...(last ?? parts.count - 1)].map { Key.display($0.name) }.joined(separator: ".")
    }

    /// One key part as TOML source: bare when it can be, otherwise a basic string.
    static func display(_ name: String) -> String {
        if !name.isEmpty && name.utf8.allSatisfy(ASCII.isBareKey) { return name }
        var quoted = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        String(repeating: pad, count: max(0, width - count)) + self
    }
}
