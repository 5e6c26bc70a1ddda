import Index
import MelshardCore

/// The align stage's `word_spans` rows, set aside in a scratch file as they are made and read
/// back once, as the plan is recorded: five million rows of 72 bytes at study 000's scale were
/// held from align to the end of planning (docs/build.md, "Memory").
///
/// A row is a 40-byte record; its word and method are positions into a table of the distinct
/// strings (the target words and a method name or two), held in memory. Used on one thread.
final class WordSpanSpool {
    struct Record {
        var sourceID: Int64
        var start: Double
        var end: Double
        var score: Double
        /// Positions in `strings`; the method's is 0 for none, and one past its position otherwise.
        var word: UInt32
        var method: UInt32
        var hasScore: Bool
    }

    private var writer: ScratchRecords<Record>.Writer?
    private var strings: [String] = []
    private var positions: [String: UInt32] = [:]

    init(directory: String) throws(FileError) {
        writer = try ScratchRecords<Record>.Writer(directory: directory)
    }

    func append(_ row: WordSpanRow) throws(FileError) {
        try writer!.append(
            Record(
                sourceID: row.sourceID, start: row.startSeconds, end: row.endSeconds, score: row.score ?? 0,
                word: position(of: row.word), method: row.method.map { position(of: $0) + 1 } ?? 0,
                hasScore: row.score != nil))
    }

    private func position(of string: String) -> UInt32 {
        if let known = positions[string] { return known }
        precondition(strings.count < Int(UInt32.max) - 1, "fewer than 2^32 - 1 distinct words")
        let position = UInt32(strings.count)
        strings.append(string)
        positions[string] = position
        return position
    }

    /// The rows in the order they were appended; the spool takes no more.
    func finish() throws(FileError) -> Rows {
        guard let writer = writer.take() else { preconditionFailure("a word span spool is finished once") }
        return Rows(records: try writer.finish(), strings: strings)
    }

    /// The spooled rows, read a block at a time.
    struct Rows: Sequence {
        let records: ScratchRecords<Record>
        let strings: [String]

        struct Iterator: IteratorProtocol {
            let strings: [String]
            var records: ScratchRecords<Record>.Cursor

            mutating func next() -> WordSpanRow? {
                guard let r = records.next() else { return nil }
                return WordSpanRow(
                    sourceID: r.sourceID, word: strings[Int(r.word)], startSeconds: r.start, endSeconds: r.end,
                    score: r.hasScore ? r.score : nil, method: r.method == 0 ? nil : strings[Int(r.method - 1)])
            }
        }

        func makeIterator() -> Iterator { Iterator(strings: strings, records: records.cursor(0..<records.count)) }
    }
}
