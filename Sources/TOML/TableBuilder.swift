/// Applies TOML's rules for who may define which table, as headers and key/value lines arrive.
///
/// The grammar alone accepts documents that TOML forbids: a table defined twice, dotted keys
/// reaching into a table another header defined, `[[x]]` appending to an array written inline.
/// Every such rule lives here, so the parser only has to report what it read.
struct TableBuilder {
    let source: SourceText
    let root: TableNode
    /// The table that key/value lines go into: the root, then whatever the last header opened.
    private var current: TableNode
    /// Counts headers, so tables made by dotted keys know which header's lines made them.
    private var section = 0

    init(source: SourceText, root: TableNode = TableNode(origin: .root, line: nil)) {
        self.source = source
        self.root = root
        current = root
    }

    /// `[a.b.c]`: defines table `a.b.c` and makes it the current table.
    mutating func defineTable(_ key: Key) throws(TOMLError) {
        let line = source.line(at: key.offset)
        let parent = try headerParent(of: key, line: line)
        let name = key.parts.last!.name
        let node: TableNode
        switch parent[name]?.content {
        case nil:
            node = TableNode(origin: .header, line: line)
        case .table(let existing):
            guard case .implicit = existing.origin else {
                throw redefinition(of: key, existing, line: parent[name]!.line)
            }
            // A table named earlier only as part of a longer header is being defined now.
            existing.origin = .header
            existing.line = line
            node = existing
        case let content?:
            throw source.error(
                at: key.offset,
                "cannot define table '\(key.display())': it is already \(content.description) (line \(parent[name]!.line))"
            )
        }
        parent[name] = TableNode.Entry(content: .table(node), line: line)
        startSection(in: node)
    }

    /// `[[a.b.c]]`: appends a new table to the array of tables `a.b.c` and makes it current.
    mutating func appendTable(_ key: Key) throws(TOMLError) {
        let line = source.line(at: key.offset)
        let parent = try headerParent(of: key, line: line)
        let name = key.parts.last!.name
        let node = TableNode(origin: .header, line: line)
        if let entry = parent[name] {
            guard case .arrayOfTables(let nodes) = entry.content else {
                throw source.error(
                    at: key.offset,
                    "cannot append to '\(key.display())' with [[\(key.display())]]: it is already \(entry.content.description) (line \(entry.line))"
                )
            }
            parent[name] = TableNode.Entry(content: .arrayOfTables(nodes + [node]), line: entry.line)
        } else {
            parent[name] = TableNode.Entry(content: .arrayOfTables([node]), line: line)
        }
        startSection(in: node)
    }

    /// `a.b.c = value`, relative to the current table.
    func assign(_ key: Key, _ value: TOMLValue) throws(TOMLError) {
        let line = source.line(at: key.offset)
        var table = current
        for (index, part) in key.parts.dropLast().enumerated() {
            table = try dottedStep(into: table, part, of: key, index: index, line: line)
        }
        let name = key.parts.last!.name
        if let existing = table[name] {
            throw source.error(
                at: key.offset, "key '\(key.display())' is defined twice (first on line \(existing.line))")
        }
        table[name] = TableNode.Entry(content: .value(value), line: line)
    }

    private mutating func startSection(in node: TableNode) {
        current = node
        section += 1
    }

    /// The table a header's last part goes into, creating the tables named on the way there.
    private func headerParent(of key: Key, line: Int) throws(TOMLError) -> TableNode {
        var table = root
        for (index, part) in key.parts.dropLast().enumerated() {
            guard let entry = table[part.name] else {
                let node = TableNode(origin: .implicit, line: line)
                table[part.name] = TableNode.Entry(content: .table(node), line: line)
                table = node
                continue
            }
            switch entry.content {
            case .table(let node):
                // Headers may open sub-tables under any table, even one dotted keys defined.
                table = node
            case .arrayOfTables(let nodes):
                // `[a.b]` after `[[a]]` belongs to the element most recently appended.
                table = nodes.last!
            case .value:
                throw source.error(
                    at: part.offset,
                    "cannot open table '\(key.display())': '\(key.display(through: index))' is \(entry.content.description) (line \(entry.line)), not a table"
                )
            }
        }
        return table
    }

    /// One step of a dotted key (`a` in `a.b = 1`): into an existing table it may extend, or into
    /// a new one.
    private func dottedStep(
        into table: TableNode, _ part: Key.Part, of key: Key, index: Int, line: Int
    ) throws(TOMLError) -> TableNode {
        guard let entry = table[part.name] else {
            let node = TableNode(origin: .dotted(section: section), line: line)
            table[part.name] = TableNode.Entry(content: .table(node), line: line)
            return node
        }
        let prefix = "cannot set key '\(key.display())': '\(key.display(through: index))'"
        switch entry.content {
        case .table(let node):
            switch node.origin {
            case .implicit:
                // Never defined, so dotted keys may define it; from now on it is theirs.
                node.origin = .dotted(section: section)
                return node
            case .dotted(let owner) where owner == section:
                return node
            case .dotted:
                throw source.error(
                    at: part.offset,
                    "\(prefix) was defined by dotted keys under another header (line \(entry.line)) and cannot be extended here"
                )
            case .header, .root:
                throw source.error(
                    at: part.offset,
                    "\(prefix) is a table defined by its own header (line \(entry.line)); dotted keys cannot add to it from elsewhere"
                )
            }
        case .arrayOfTables:
            throw source.error(
                at: part.offset, "\(prefix) is an array of tables (line \(entry.line)); dotted keys cannot add to it")
        case .value(.table):
            throw source.error(
                at: part.offset, "\(prefix) is an inline table (line \(entry.line)), which cannot be extended")
        case .value:
            throw source.error(
                at: part.offset, "\(prefix) is \(entry.content.description) (line \(entry.line)), not a table")
        }
    }

    /// The error for a `[header]` naming a table that something else already defined.
    private func redefinition(of key: Key, _ node: TableNode, line: Int) -> TOMLError {
        let how = if case .dotted = node.origin { " by dotted keys" } else { "" }
        return source.error(at: key.offset, "table '\(key.display())' is defined twice (first\(how) on line \(line))")
    }
}
