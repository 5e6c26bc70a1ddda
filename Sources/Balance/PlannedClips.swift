import Foundation
import MelshardCore

/// A run of planned clips read from a scratch file (`ClipSpool`) as they are asked for: a whole
/// plan, or one shard's clips. Iterating reads a block of records at a time; a subscript reads
/// one. Equal when the clips are.
///
/// A study-size plan has about 8 million clips: as 32-byte values in memory they were what grew
/// a build's memory with its clips (docs/build.md, "Memory"). Holding a `PlannedClips` costs
/// nothing per clip; `Array(clips)` loads them, which a shard's writer does for one shard.
public struct PlannedClips: RandomAccessCollection, Sendable, Hashable {
    let spool: ClipSpool?
    public let startIndex: Int
    public let endIndex: Int

    public typealias Indices = Range<Int>

    /// No clips.
    public init() { (spool, startIndex, endIndex) = (nil, 0, 0) }

    init(_ spool: ClipSpool, range: Range<Int>) {
        (self.spool, startIndex, endIndex) = (spool, range.lowerBound, range.upperBound)
    }

    init(_ spool: ClipSpool) { self.init(spool, range: 0..<spool.count) }

    /// `clips`, in their order, written to a scratch file in `scratchDirectory`.
    public init(
        _ clips: some Sequence<PlannedClip>, scratchDirectory: String = NSTemporaryDirectory()
    ) throws(FileError) {
        var writer = try ClipSpool.Writer(directory: scratchDirectory)
        for clip in clips { try writer.append(clip) }
        self.init(try writer.finish())
    }

    public subscript(position: Int) -> PlannedClip {
        precondition(position >= startIndex && position < endIndex, "clip \(position) of \(startIndex)..<\(endIndex)")
        return spool!.clip(spool!.file.readOrStop(position..<position + 1)[0])
    }

    public struct Iterator: IteratorProtocol {
        let spool: ClipSpool?
        var records: ScratchRecords<ClipSpool.Record>.Cursor?

        public mutating func next() -> PlannedClip? { records?.next().map { spool!.clip($0) } }
    }

    public func makeIterator() -> Iterator {
        Iterator(spool: spool, records: spool?.file.cursor(startIndex..<endIndex))
    }

    public static func == (a: PlannedClips, b: PlannedClips) -> Bool { a.count == b.count && a.elementsEqual(b) }

    /// The count only: equal collections have equal counts, and hashing every clip would read them all.
    public func hash(into hasher: inout Hasher) { hasher.combine(count) }
}
