/// Splits one line of a CSV (RFC 4180 quoting: `"a, b"`, `""` for a quote) into fields. TSVs
/// never go through here: the corpora's TSVs hold literal, unbalanced quotes, so they are split
/// on tabs with no quoting at all (`ManifestFile.Line.fields`).
enum DelimitedRow {
    enum Problem: Error, Equatable {
        case unclosedQuote
        case textAfterQuote(column: Int)
    }

    static func csvFields(_ line: String) throws(Problem) -> [String] {
        var fields: [String] = []
        var field = ""
        var characters = Array(line).makeIterator()
        var quoted = false, wasQuoted = false
        var column = 0
        while let c = characters.next() {
            column += 1
            if quoted {
                if c == "\"" {
                    // `""` inside quotes is one quote; a lone quote closes the field.
                    var lookahead = characters
                    if lookahead.next() == "\"" {
                        field.append("\"")
                        _ = characters.next()
                        column += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(field)
                field = ""
                wasQuoted = false
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if wasQuoted {
                throw .textAfterQuote(column: column)
            } else {
                field.append(c)
            }
        }
        if quoted { throw .unclosedQuote }
        fields.append(field)
        return fields
    }
}
