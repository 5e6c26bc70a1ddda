/// What a corpus says about a source besides its labels (a Common Voice sentence and its
/// votes, a Ballroom tempo, a table's extra columns): names and values, kept in the index's
/// `source_attributes`.
///
/// Packed into one byte buffer, because a build holds one per source file: a Common Voice row's
/// twelve attributes took a `[String: String]` (a hash table of sixteen slots, and a heap string
/// per long value). Packed, they take 481 bytes a row (heaptrack, the scale generator's
/// sentences), and a no-op scan of study 000's million sentences holds about 0.9 KB less per
/// source with this and the shared speaker ids (docs/build.md, "Memory"). The entries are
/// kept sorted by name (`String`'s `<`, the order the index and every key list them in), each
/// as its name's and its value's UTF-8 bytes behind a 32-bit little-endian length. Equal
/// attributes therefore have equal bytes, which keys can hash as they are.
///
/// A build sets a whole corpus's attributes aside in a scratch file once its scan is hashed
/// (`spilled(into:)`): they are read back only to align a sentence and to record the plan, and
/// a million Common Voice rows would otherwise hold 481 MB through every stage between.
public struct SourceAttributes: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private enum Storage: Sendable {
        case packed([UInt8])
        case spilled(ScratchFile, offset: Int64, count: Int32)
    }

    private var storage = Storage.packed([])
    private var storedCount: Int32 = 0

    /// The packed entries; see the type's comment. Read back from the scratch file when spilled.
    public var bytes: [UInt8] {
        switch storage {
        case .packed(let bytes): return bytes
        case .spilled(let file, let offset, let count):
            do { return try file.read(offset: offset, count: Int(count)) } catch {
                // The file is melshard's own and unnamed: only a failing disk gets here.
                preconditionFailure("could not read back a source's attributes: \(error)")
            }
        }
    }

    public var count: Int { Int(storedCount) }

    /// Whether the entries sit in a scratch file rather than in memory.
    public var isSpilled: Bool {
        if case .spilled = storage { return true }
        return false
    }

    public init() {}

    /// The same entries, appended to `writer`'s scratch file and read from there from now on.
    /// They are readable once the writer is flushed.
    public func spilled(into writer: inout ScratchFile.Writer) throws(FileError) -> SourceAttributes {
        let bytes = bytes
        precondition(bytes.count <= Int(Int32.max), "a source's attributes take at most 2 GB")
        var spilled = self
        spilled.storage = .spilled(writer.file, offset: try writer.append(bytes), count: Int32(bytes.count))
        return spilled
    }

    public static func == (a: SourceAttributes, b: SourceAttributes) -> Bool {
        a.count == b.count && a.bytes == b.bytes
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// The pairs, in any order; a name given twice keeps its last value, as a dictionary would.
    public init(_ pairs: some Sequence<(String, String)>) {
        var entries: [(name: String, value: String)] = []
        for (name, value) in pairs {
            if let i = entries.firstIndex(where: { $0.name == name }) {
                entries[i].value = value
            } else {
                entries.append((name, value))
            }
        }
        entries.sort { $0.name < $1.name }
        var capacity = 0
        for entry in entries { capacity += 8 + entry.name.utf8.count + entry.value.utf8.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        for entry in entries {
            Self.append(entry.name, to: &bytes)
            Self.append(entry.value, to: &bytes)
        }
        storage = .packed(bytes)
        storedCount = Int32(entries.count)
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.lazy.map { ($0.key, $0.value) })
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var isEmpty: Bool { count == 0 }

    /// The value of `name`. Setting one repacks the whole buffer, which only the readers'
    /// rare late additions (a tempo, a second listing) do.
    public subscript(name: String) -> String? {
        get { first { $0.name == name }?.value }
        set {
            var pairs = map { ($0.name, $0.value) }.filter { $0.0 != name }
            if let newValue { pairs.append((name, newValue)) }
            self = SourceAttributes(pairs)
        }
    }

    public var dictionary: [String: String] {
        Dictionary(map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    /// The entries in name order.
    public struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var offset = 0

        public mutating func next() -> (name: String, value: String)? {
            guard offset < bytes.count else { return nil }
            let name = field()
            return (name, field())
        }

        private mutating func field() -> String {
            var length = 0
            for shift in 0..<4 { length |= Int(bytes[offset + shift]) << (8 * shift) }
            offset += 4
            defer { offset += length }
            return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let length = UInt32(text.utf8.count)
        for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * shift))) }
        bytes.append(contentsOf: text.utf8)
    }
}

extension SourceAttributes: CustomStringConvertible {
    public var description: String { dictionary.description }
}
