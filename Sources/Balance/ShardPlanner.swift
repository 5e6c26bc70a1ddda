import Foundation
import MelshardCore

/// One planned shard: whole sources of one split, and their clips.
public struct PlannedShard: Sendable, Hashable {
    /// `SPLIT-KKKKKKKKKKKKKKKK`: the split and the order key of its first source, so a shard's
    /// name survives any change elsewhere.
    public var name: String
    public var split: String
    /// Source ids in shard order.
    public var sources: [Int64]
    /// Clips ordered by id (rows are shuffled only when the shard is written). A slice of one
    /// buffer that every shard of a plan shares (`ShardLayout.take`), so the plan's clips are
    /// held once (docs/build.md, "Memory").
    public var clips: ArraySlice<PlannedClip>
}

/// Groups a plan's clips into shards so that membership is stable: a change to one source
/// rewrites one shard, and adding a source rewrites the shard it lands in (two, when it
/// starts a new one).
///
/// Sources of a split are ordered by a seeded hash of their id, which mixes classes, and the
/// sequence is cut the way content-defined chunking cuts a byte stream: a source opens a new
/// shard when it is an *anchor* and the current shard holds at least half the target, or when
/// adding it would pass twice the target. Whether a source is an anchor depends on the source
/// alone, so cuts do not move when other sources come and go. A shard always holds whole
/// sources, so every source is decoded by exactly one shard's writer.
public struct ShardPlanner: Sendable {
    public var target: Int
    public var seed: UInt64

    public init(clipsPerShard: Int, seed: UInt64) {
        self.target = max(1, clipsPerShard)
        self.seed = seed
    }

    /// The shards with copies of their clips; the plan keeps its own. A build uses `layout`
    /// and `ShardLayout.take`, which hold the clips once.
    public func shards(_ plan: ClipPlan) -> [PlannedShard] {
        var clips = plan.clips
        return layout(plan).take(&clips)
    }

    /// Where each clip goes. Positions into `plan.clips`, not copies of the clips.
    public func layout(_ plan: ClipPlan) -> ShardLayout {
        precondition(plan.clips.count <= Int(Int32.max), "a plan holds at most 2^31 - 1 clips")
        var bySource: [Int64: [Int32]] = [:]
        for (position, clip) in plan.clips.enumerated() {
            bySource[clip.sourceID, default: []].append(Int32(position))
        }
        var result: [ShardLayout.Shard] = []
        let splitNames = Set(plan.clips.lazy.map(\.split)).sorted { splitOrder($0) < splitOrder($1) }
        for split in splitNames {
            let sources = bySource.filter { plan.clips[Int($0.value[0])].split == split }
                .map { (order: orderKey($0.key), id: $0.key, clips: $0.value) }
                .sorted { ($0.order, $0.id) < ($1.order, $1.id) }
            var current: [(order: UInt64, id: Int64, clips: [Int32])] = []
            var count = 0
            func close() {
                guard let first = current.first else { return }
                let positions = current.flatMap(\.clips).sorted { plan.clips[Int($0)].id < plan.clips[Int($1)].id }
                result.append(
                    ShardLayout.Shard(
                        name: "\(split)-\(hex(first.order))", split: split, sources: current.map(\.id),
                        positions: positions))
                current = []
                count = 0
            }
            for source in sources {
                let n = source.clips.count
                if count > 0
                    && (count + n > 2 * target || (count >= (target + 1) / 2 && isAnchor(source.order, clips: n)))
                {
                    close()
                }
                current.append(source)
                count += n
            }
            close()
        }
        return ShardLayout(shards: result)
    }

    private func splitOrder(_ split: String) -> Int { ["train", "validation", "test"].firstIndex(of: split) ?? 3 }

    private func orderKey(_ source: Int64) -> UInt64 {
        var random = SeededRandom(seed: seed, stream: UInt64(bitPattern: source))
        return random.next()
    }

    /// True with probability 1 − (1 − 2/target)^clips: as if each clip were an anchor with
    /// probability 2/target, which keeps the mean shard size near the target whatever the
    /// number of clips per source. Decided by a second draw of the source's own stream.
    private func isAnchor(_ order: UInt64, clips: Int) -> Bool {
        let p = min(1, 2 / Double(target))
        let threshold = 1 - pow(1 - p, Double(clips))
        var random = SeededRandom(seed: seed ^ 0xA5A5_A5A5_A5A5_A5A5, stream: order)
        return random.nextUnit() < threshold
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
