/// CSV text as RFC 4180 writes it, for the evaluation's tables.
enum CSVField {
    /// `text` as one field: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line of fields.
    static func line(_ fields: [String]) -> String { fields.map(quoted).joined(separator: ",") }
}
