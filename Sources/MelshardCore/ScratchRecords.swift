import Foundation

/// Fixed-size records of plain bytes in a `ScratchFile`: appended a block at a time, read back
/// by position from any thread once written. What a build sets aside per clip or per word
/// occurrence instead of holding it (docs/build.md, "Memory"); the record types carry no
/// references, so their bytes are the whole of them.
public final class ScratchRecords<Record: BitwiseCopyable & Sendable>: Sendable {
    public let file: ScratchFile
    public let count: Int

    /// Records read or written at once: 64 KiB of them.
    public static var blockLength: Int { max(1, (1 << 16) / MemoryLayout<Record>.stride) }

    private init(file: ScratchFile, count: Int) { (self.file, self.count) = (file, count) }

    /// The records at `range`, read from the file.
    public func read(_ range: Range<Int>) throws(FileError) -> [Record] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "records \(range) of \(count)")
        let offset = Int64(range.lowerBound) * Int64(MemoryLayout<Record>.stride)
        var failure: FileError?
        let records = [Record](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            do throws(FileError) {
                try file.read(into: UnsafeMutableRawBufferPointer(buffer), offset: offset)
                initialized = range.count
            } catch {
                (failure, initialized) = (error, 0)
            }
        }
        if let failure { throw failure }
        return records
    }

    /// `read(range)` for a reader that cannot throw (a `Sequence`'s iterator). The file is this
    /// process's own and was complete before anything read it, so a failure here is the disk's
    /// (an I/O error), not bad input: the run stops with what the system said.
    public func readOrStop(_ range: Range<Int>) -> [Record] {
        do { return try read(range) } catch {
            fatalError("melshard: a scratch file could not be read back: \(error)")
        }
    }

    /// The records of `range` in order, read a block at a time: what every reader of a record
    /// file iterates with (`readOrStop`'s contract).
    public struct Cursor: IteratorProtocol {
        let records: ScratchRecords
        var remaining: Range<Int>
        var block: [Record] = []
        var position = 0

        public mutating func next() -> Record? {
            if position == block.count {
                guard !remaining.isEmpty else { return nil }
                let range = remaining.lowerBound..<min(remaining.upperBound, remaining.lowerBound + blockLength)
                block = records.readOrStop(range)
                (remaining, position) = (range.upperBound..<remaining.upperBound, 0)
            }
            defer { position += 1 }
            return block[position]
        }
    }

    public func cursor(_ range: Range<Int>) -> Cursor {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "records \(range) of \(count)")
        return Cursor(records: self, remaining: range)
    }

    public struct Writer: ~Copyable {
        private var file: ScratchFile.Writer
        private var pending: [Record] = []
        public private(set) var count = 0

        /// An empty record file on the file system of `directory`.
        public init(directory: String) throws(FileError) {
            file = ScratchFile.Writer(try ScratchFile(directory: directory))
            pending.reserveCapacity(ScratchRecords.blockLength)
        }

        public mutating func append(_ record: Record) throws(FileError) {
            pending.append(record)
            count += 1
            if pending.count == ScratchRecords.blockLength { try flushPending() }
        }

        private mutating func flushPending() throws(FileError) {
            // `withUnsafeBytes` rethrows untyped errors: the typed one is carried out by hand.
            let failure = pending.withUnsafeBytes { bytes -> FileError? in
                do throws(FileError) { try file.append(contentsOf: bytes) } catch { return error }
                return nil
            }
            if let failure { throw failure }
            pending.removeAll(keepingCapacity: true)
        }

        /// The records, readable once everything is written.
        public consuming func finish() throws(FileError) -> ScratchRecords {
            try flushPending()
            try file.flush()
            return ScratchRecords(file: file.file, count: count)
        }
    }
}
