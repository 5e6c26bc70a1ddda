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
    /// Clips ordered by id (rows are shuffled only when the shard is written), read from the
    /// scratch file that holds every shard's clips back to back (`ShardLayout.take`).
    public var clips: PlannedClips
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

    /// The shards and their clips; the plan keeps its own. A build uses `layout` and
    /// `ShardLayout.take`, which lets the plan's scratch file go.
    public func shards(_ plan: ClipPlan) throws(FileError) -> [PlannedShard] {
        var clips = plan.clips
        return try layout(plan).take(&clips)
    }

    /// Which sources each shard holds, from one pass over the plan's clips: what the layout
    /// holds is per source (its clip count and split), not per clip.
    public func layout(_ plan: ClipPlan) -> ShardLayout {
        var bySource: [Int64: (count: Int, split: String)] = [:]
        for clip in plan.clips {
            // A source's clips share its split: the first one's (by id) stands for all.
            bySource[clip.sourceID, default: (0, clip.split)].count += 1
        }
        var result: [ShardLayout.Shard] = []
        let splitNames = Set(bySource.values.lazy.map(\.split)).sorted { splitOrder($0) < splitOrder($1) }
        for split in splitNames {
            let sources = bySource.filter { $0.value.split == split }
                .map { (order: orderKey($0.key), id: $0.key, clips: $0.value.count) }
                .sorted { ($0.order, $0.id) < ($1.order, $1.id) }
            var current: [(order: UInt64, id: Int64, clips: Int)] = []
            var count = 0
            func close() {
                guard let first = current.first else { return }
                result.append(
                    ShardLayout.Shard(
                        name: "\(split)-\(hex(first.order))", split: split, sources: current.map(\.id),
                        clipCount: count))
                current = []
                count = 0
            }
            for source in sources {
                let n = source.clips
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
        return ShardLayout(shards: result, scratchDirectory: plan.clips.spool?.directory ?? NSTemporaryDirectory())
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
