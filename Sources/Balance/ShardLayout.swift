import Foundation
import MelshardCore

/// Which shard each source goes to, before any clip is moved: the shards' names, splits,
/// sources and clip counts.
public struct ShardLayout: Sendable {
    public struct Shard: Sendable, Hashable {
        public var name: String
        public var split: String
        /// Source ids in shard order.
        public var sources: [Int64]
        public var clipCount: Int
    }

    public var shards: [Shard]
    /// Where `take` writes the clips in shard order: the plan's own scratch directory.
    var scratchDirectory: String

    /// Moves `clips` into the shards: a new scratch file holds them in shard order (each shard's
    /// clips by id), made by an external sort keyed on each source's shard, and every shard
    /// reads its own stretch of it. `clips` is left empty, so the plan's file can go.
    public func take(_ clips: inout PlannedClips) throws(FileError) -> [PlannedShard] {
        precondition(
            shards.reduce(0) { $0 + $1.clipCount } == clips.count, "a layout covers every clip of its plan exactly once"
        )
        guard let spool = clips.spool else { return shards.map { shard(of: $0, PlannedClips()) } }
        precondition(clips.startIndex == 0 && clips.count == spool.count, "a layout takes a whole plan's clips")
        var shardOfSource: [Int64: Int64] = [:]
        for (position, shard) in shards.enumerated() {
            for source in shard.sources { shardOfSource[source] = Int64(position) }
        }
        let ordered = try spool.sorted(directory: scratchDirectory) {
            .init(major: shardOfSource[$0.sourceID]!, id: $0.id)
        }
        clips = PlannedClips()
        var start = 0
        return shards.map { shard in
            defer { start += shard.clipCount }
            return self.shard(of: shard, PlannedClips(ordered, range: start..<start + shard.clipCount))
        }
    }

    private func shard(of shard: Shard, _ clips: PlannedClips) -> PlannedShard {
        PlannedShard(name: shard.name, split: shard.split, sources: shard.sources, clips: clips)
    }
}
