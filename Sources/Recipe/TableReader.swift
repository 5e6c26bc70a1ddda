import TOML

/// Reads one TOML table against a fixed set of keys, collecting problems instead of stopping
/// at the first, and reporting keys nobody asked for (usually typos) with the allowed set.
struct TableReader {
    let table: TOMLTable
    /// The dotted prefix of this table's keys in messages, e.g. `clips`.
    let prefix: String
    private(set) var asked: [String] = []
    var problems: [RecipeError.Problem] = []

    init(_ table: TOMLTable, prefix: String) {
        self.table = table
        self.prefix = prefix
    }

    func fullKey(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    mutating func problem(_ key: String, _ message: String) {
        problems.append(.init(key: fullKey(key), line: table.line(of: key) ?? table.line, message: message))
    }

    private mutating func value(_ key: String) -> TOMLValue? {
        asked.append(key)
        return table[key]
    }

    private mutating func wrongType(_ key: String, _ value: TOMLValue, expected: String) {
        problem(key, "expected \(expected), found \(Self.described(value))")
    }

    /// "an array", "a string": for messages.
    static func described(_ value: TOMLValue) -> String {
        let name = value.typeName
        return ("aeiou".contains(name.first ?? "x") ? "an " : "a ") + name
    }

    /// Marks a key as known when the caller reads it directly from `table`.
    mutating func markKnown(_ key: String) { asked.append(key) }

    mutating func string(_ key: String) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { wrongType(key, v, expected: "a string"); return nil }
        guard !holdsNUL(key, s) else { return nil }
        return s
    }

    /// TOML allows `"\u0000"`, but a NUL would cut a name or label short in the index (SQLite's C
    /// strings) while the card and shards kept it whole, as in a manifest (`nul-in-field`).
    private mutating func holdsNUL(_ key: String, _ text: String) -> Bool {
        guard text.unicodeScalars.contains("\u{0}") else { return false }
        problem(key, "holds a NUL character (\\u0000), which names and labels cannot carry")
        return true
    }

    /// A string that must be one of an enum's raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let parsed = T(rawValue: text) else {
            problem(
                key,
                "'\(text)' is not allowed; expected one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"
            )
            return nil
        }
        return parsed
    }

    /// A non-empty list of distinct strings, each one of an enum's raw values (after `normalise`).
    /// `emptyMeans` completes "an empty list …" in the message, e.g. "reads no clip".
    mutating func choices<T: RawRepresentable & CaseIterable & Hashable>(
        _ key: String, _ type: T.Type, emptyMeans: String, normalise: (String) -> String = { $0 }
    ) -> [T]? where T.RawValue == String {
        guard let names = strings(key) else { return nil }
        var parsed: [T] = []
        for name in names {
            guard let value = T(rawValue: normalise(name)) else {
                problem(
                    key,
                    "'\(name)' is not allowed; expected \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"
                )
                continue
            }
            if parsed.contains(value) { problem(key, "'\(name)' is listed twice") } else { parsed.append(value) }
        }
        if names.isEmpty { problem(key, "an empty list \(emptyMeans)") }
        return parsed
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int64>) -> Int? {
        guard let v = value(key) else { return nil }
        guard case .integer(let i) = v else { wrongType(key, v, expected: "an integer"); return nil }
        guard range.contains(i) else {
            problem(key, "\(i) is out of range; expected an integer \(range.lowerBound)…\(range.upperBound)");
            return nil
        }
        return Int(i)
    }

    /// A float or an integer, since `2` and `2.0` mean the same to a user.
    mutating func number(_ key: String, where valid: (Double) -> Bool, allowed: String) -> Double? {
        guard let v = value(key) else { return nil }
        let d: Double
        switch v {
        case .float(let f): d = f
        case .integer(let i): d = Double(i)
        default: wrongType(key, v, expected: "a number"); return nil
        }
        guard valid(d) else { problem(key, "\(d) is not allowed; expected \(allowed)"); return nil }
        return d
    }

    mutating func boolean(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .boolean(let b) = v else { wrongType(key, v, expected: "true or false"); return nil }
        return b
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { wrongType(key, v, expected: "an array of strings"); return nil }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item else { wrongType(key, item, expected: "an array of strings"); return nil }
            guard !holdsNUL(key, s) else { return nil }
            out.append(s)
        }
        return out
    }

    mutating func table(_ key: String) -> TOMLTable? {
        guard let v = value(key) else { return nil }
        guard case .table(let t) = v else { wrongType(key, v, expected: "a table"); return nil }
        return t
    }

    /// Reports every key that was never asked for.
    mutating func finish() -> [RecipeError.Problem] {
        let allowed = asked.map { "\"\($0)\"" }.joined(separator: ", ")
        for key in table.keys where !asked.contains(key) {
            problem(key, "unknown key; allowed keys here are \(allowed)")
        }
        return problems
    }
}
