/// A table while the document is still being read.
///
/// A class, unlike the public tree, because a `[header]` hands later key/value lines a table deep
/// inside the document to fill: holding a reference to it is simpler than re-walking a path of
/// nested values for every line. The finished tree is copied out into value types.
final class TableNode {
    /// How a table came to exist, which decides what may still add to it (TOML 1.0, "Table").
    enum Origin {
        case root
        /// Named only on the way to a deeper header (`a` in `[a.b]`): a later `[a]` may still
        /// define it, and dotted keys may still reach into it.
        case implicit
        /// Defined by its own `[header]`, or an element made by `[[header]]`: defined once, and
        /// closed to dotted keys written under other headers.
        case header
        /// Created by dotted keys (`a.b = 1`) under one header (the `section`): only dotted keys
        /// in that same section may add to it, though headers may still open sub-tables in it.
        case dotted(section: Int)
    }

    enum Content {
        /// A finished value. Static arrays and inline tables are complete as written, so keeping
        /// them as plain values is what makes them closed to headers and dotted keys.
        case value(TOMLValue)
        case table(TableNode)
        case arrayOfTables([TableNode])
    }

    struct Entry {
        var content: Content
        /// Where the key was defined; for tables, the header (or first `[[header]]`) line.
        var line: Int
    }

    var origin: Origin
    var line: Int?
    private(set) var keys: [String] = []
    private(set) var entries: [String: Entry] = [:]

    init(origin: Origin, line: Int?) {
        self.origin = origin
        self.line = line
    }

    subscript(key: String) -> Entry? {
        get { entries[key] }
        set {
            if entries[key] == nil { keys.append(key) }
            entries[key] = newValue
        }
    }

    /// The finished, immutable tree.
    var table: TOMLTable {
        TOMLTable(
            entries: keys.map { key in
                let entry = entries[key]!
                return (key, entry.content.value, entry.line)
            }, line: line)
    }
}

extension TableNode.Content {
    var value: TOMLValue {
        switch self {
        case .value(let value): value
        case .table(let node): .table(node.table)
        case .arrayOfTables(let nodes): .array(nodes.map { .table($0.table) })
        }
    }

    /// How the content is described in messages: "a string", "an array of tables", ….
    var description: String {
        switch self {
        case .value(.table): "an inline table"
        case .value(.array): "a static array"
        case .value(.integer): "an integer"
        case .value(let value): "a \(value.typeName)"
        case .table: "a table"
        case .arrayOfTables: "an array of tables"
        }
    }
}
