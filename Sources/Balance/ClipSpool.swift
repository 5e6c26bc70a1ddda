import Foundation
import MelshardCore

/// Planned clips kept in a scratch file instead of in memory, so that a plan of any size costs
/// the process only its table of distinct traits (docs/build.md, "Memory"). A clip is a 32-byte
/// `Record` on disk: its id, source, start and placement, and the position of its labels,
/// reason, mixture and length in `traits`, which every clip with the same four shares.
///
/// A spool is written once (`Writer`) and then only read, from any thread: `PlannedClips` is
/// the collection over it that the rest of melshard sees. Orders other than the one clips were
/// written in are new spools, made by an external merge sort (`sorted`) whose memory is one run
/// of `runLength` records plus a read buffer per run.
final class ClipSpool: Sendable {
    /// One clip as the file holds it: plain bytes, no references.
    struct Record {
        var id: Int64
        var sourceID: Int64
        var start: Int64
        /// Its position in the spool's `traits`.
        var traits: UInt32
        var placement: GroupAssigner.Placement
    }

    /// Records sorted in memory at once by `sorted`: 8 MiB of them.
    static let runLength = 1 << 18

    let file: ScratchRecords<Record>
    let traits: [PlannedClip.Traits]
    var count: Int { file.count }
    /// Where the spool's file is, and where a sort of it writes.
    var directory: String { file.file.directory }

    private init(file: ScratchRecords<Record>, traits: [PlannedClip.Traits]) {
        (self.file, self.traits) = (file, traits)
    }

    /// The records at `range`, read from the file.
    func records(_ range: Range<Int>) throws(FileError) -> [Record] { try file.read(range) }

    func clip(_ record: Record) -> PlannedClip { PlannedClip(record, traits: traits[Int(record.traits)]) }

    /// Appends clips, each clip's traits stored once in the spool's table.
    struct Writer: ~Copyable {
        private var file: ScratchRecords<Record>.Writer
        private var traits: [PlannedClip.Traits]
        private var traitPositions: [PlannedClip.Traits: UInt32] = [:]
        /// An empty spool in a scratch file of `directory`, whose records point into `traits`
        /// (a spool being re-ordered passes its own; a new plan starts with none).
        init(directory: String, traits: [PlannedClip.Traits] = []) throws(FileError) {
            file = try ScratchRecords<Record>.Writer(directory: directory)
            self.traits = traits
        }

        /// Appends `clip`, its traits stored once however many clips share them.
        mutating func append(_ clip: PlannedClip) throws(FileError) {
            let position: UInt32
            if let known = traitPositions[clip.traits] {
                position = known
            } else {
                precondition(traits.count < Int(UInt32.max), "a plan has fewer than 2^32 distinct clip traits")
                position = UInt32(traits.count)
                traits.append(clip.traits)
                traitPositions[clip.traits] = position
            }
            try file.append(clip.record(traits: position))
        }

        /// Appends records whose traits are already in the table.
        mutating func append(contentsOf records: [Record]) throws(FileError) {
            for record in records { try file.append(record) }
        }

        mutating func append(_ record: Record) throws(FileError) { try file.append(record) }

        /// The spool, readable once everything is written.
        consuming func finish() throws(FileError) -> ClipSpool {
            ClipSpool(file: try file.finish(), traits: traits)
        }
    }

    /// Orders records by a major key, then by clip id.
    struct SortKey: Comparable {
        var major: Int64
        var id: Int64
        static func < (a: SortKey, b: SortKey) -> Bool { (a.major, a.id) < (b.major, b.id) }
    }

    /// The same clips in a new spool, ordered by `key`: runs of `runLength` records are sorted
    /// in memory and written side by side to one scratch file, then merged through a heap with a
    /// block of each run in memory. Keys are unique (they end with the clip id), so the order
    /// is one.
    func sorted(
        directory: String, runLength: Int = ClipSpool.runLength, by key: @escaping (Record) -> SortKey
    ) throws(FileError) -> ClipSpool {
        var output = try Writer(directory: directory, traits: traits)
        if count <= runLength {
            try output.append(contentsOf: try records(0..<count).sorted { key($0) < key($1) })
            return try output.finish()
        }
        var runsWriter = try Writer(directory: directory, traits: traits)
        var runs: [Range<Int>] = []
        for start in stride(from: 0, to: count, by: runLength) {
            let range = start..<min(count, start + runLength)
            try runsWriter.append(contentsOf: try records(range).sorted { key($0) < key($1) })
            runs.append(range)
        }
        let spooledRuns = try runsWriter.finish()
        var merge = RunMerge(runs: runs, of: spooledRuns, key: key)
        while let record = merge.next() { try output.append(record) }
        return try output.finish()
    }

    /// The k-way merge of sorted runs: a min-heap of each run's next record.
    private struct RunMerge {
        let key: (Record) -> SortKey
        var cursors: [ScratchRecords<Record>.Cursor]
        /// Each run's next record, nil once the run is done.
        var heads: [Record?]
        /// Run numbers, ordered as a binary min-heap by their head's key.
        var heap: [Int] = []

        init(runs: [Range<Int>], of spool: ClipSpool, key: @escaping (Record) -> SortKey) {
            self.key = key
            var cursors = runs.map { spool.file.cursor($0) }
            heads = cursors.indices.map { cursors[$0].next() }
            self.cursors = cursors
            for run in heads.indices where heads[run] != nil { push(run) }
        }

        mutating func next() -> Record? {
            guard let run = heap.first, let record = heads[run] else { return nil }
            heads[run] = cursors[run].next()
            if heads[run] == nil {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(from: 0) }
            return record
        }

        private func current(_ run: Int) -> SortKey { key(heads[run]!) }

        private mutating func push(_ run: Int) {
            heap.append(run)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard current(heap[child]) < current(heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        private mutating func siftDown(from start: Int) {
            var parent = start
            while true {
                var smallest = parent
                let (left, right) = (2 * parent + 1, 2 * parent + 2)
                if left < heap.count && current(heap[left]) < current(heap[smallest]) { smallest = left }
                if right < heap.count && current(heap[right]) < current(heap[smallest]) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
