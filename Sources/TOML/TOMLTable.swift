/// A TOML table: keys in the order the document gave them, each with its value and the line
/// that defined it, so that whoever reads a recipe can point its own errors at the right line.
public struct TOMLTable: Sendable {
    private struct Entry: Sendable {
        var value: TOMLValue
        var line: Int?
    }

    /// The keys in document order. Read-only: it must stay in step with the values.
    public private(set) var keys: [String]
    private var entries: [String: Entry]

    /// The line where this table was opened: its `[header]` or `[[header]]`, its inline `{ … }`,
    /// or the first dotted key or longer header that named it. `nil` for the root table and for
    /// tables built in code.
    public var line: Int?

    /// An empty table.
    public init() {
        keys = []
        entries = [:]
        line = nil
    }

    /// A table built in code, such as a default or an expected value in a test, with `pairs`
    /// in order and no line numbers. Keys must be unique.
    public init(_ pairs: [(String, TOMLValue)]) {
        self.init(entries: pairs.map { ($0.0, $0.1, nil) }, line: nil)
    }

    /// A table from `(key, value, line)` triples in document order; keys must be unique.
    init(entries list: [(String, TOMLValue, Int?)], line: Int?) {
        keys = []
        entries = [:]
        self.line = line
        for (key, value, keyLine) in list {
            precondition(entries[key] == nil, "duplicate key '\(key)' in a table")
            keys.append(key)
            entries[key] = Entry(value: value, line: keyLine)
        }
    }

    public subscript(key: String) -> TOMLValue? {
        entries[key]?.value
    }

    /// The 1-based line where `key` was defined, or where the `[header]` that opened it stands.
    public func line(of key: String) -> Int? {
        entries[key]?.line
    }
}

/// Tables are equal when they hold the same keys with equal values. Key order and line numbers
/// record where the text said something, not what it said, so they do not take part.
extension TOMLTable: Equatable {
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.keys.count == rhs.keys.count
            && lhs.entries.allSatisfy { key, entry in rhs.entries[key]?.value == entry.value }
    }
}
