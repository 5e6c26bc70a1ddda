/// Which shard each clip goes to, before any clip is moved: the shards' names, splits and
/// sources, and each shard's positions into the plan's clips, ascending by clip id.
public struct ShardLayout: Sendable {
    public struct Shard: Sendable, Hashable {
        public var name: String
        public var split: String
        /// Source ids in shard order.
        public var sources: [Int64]
        /// Positions into the planned clips, in clip id order.
        var positions: [Int32]
        public var clipCount: Int { positions.count }
    }

    public var shards: [Shard]

    /// Moves `clips` into the shards without a second copy: the array is permuted in place into
    /// shard order (each shard's clips by id), then handed to the shards as slices of its one
    /// buffer, and `clips` is left empty.
    public func take(_ clips: inout [PlannedClip]) -> [PlannedShard] {
        var order: [Int32] = []
        order.reserveCapacity(clips.count)
        for shard in shards { order += shard.positions }
        precondition(order.count == clips.count, "a layout covers every clip of its plan exactly once")
        clips.permute(takingFrom: order)
        let buffer = clips
        clips = []
        var start = 0
        return shards.map { shard in
            defer { start += shard.positions.count }
            return PlannedShard(
                name: shard.name, split: shard.split, sources: shard.sources,
                clips: buffer[start..<start + shard.positions.count])
        }
    }
}
