import Balance
import Foundation
import MelshardCore
import Recipe
import Testing

/// `ShardPlanner` groups positions into the plan rather than copies of its clips (docs/build.md,
/// "Memory"); its shards must be the ones the copying planner made, on plans of every shape.
@Suite struct ShardPlannerReferenceTests {
    /// A shard's every field, comparable (`PlannedShard`'s initializer is internal to Balance).
    struct Shard: Equatable {
        var name: String, split: String, sources: [Int64], clips: [PlannedClip]
    }

    /// The planner as it was before it grouped positions: every clip copied into its source's
    /// list, shards cut from those lists. Kept here as the reference the fast path must equal.
    static func referenceShards(_ plan: ClipPlan, target: Int, seed: UInt64) -> [Shard] {
        func orderKey(_ source: Int64) -> UInt64 {
            var random = SeededRandom(seed: seed, stream: UInt64(bitPattern: source))
            return random.next()
        }
        func isAnchor(_ order: UInt64, clips: Int) -> Bool {
            let p = min(1, 2 / Double(target))
            var random = SeededRandom(seed: seed ^ 0xA5A5_A5A5_A5A5_A5A5, stream: order)
            return random.nextUnit() < 1 - pow(1 - p, Double(clips))
        }
        func splitOrder(_ split: String) -> Int { ["train", "validation", "test"].firstIndex(of: split) ?? 3 }
        var bySource: [Int64: [PlannedClip]] = [:]
        for clip in plan.clips { bySource[clip.sourceID, default: []].append(clip) }
        var result: [Shard] = []
        for split in Set(plan.clips.map(\.split)).sorted(by: { splitOrder($0) < splitOrder($1) }) {
            let sources = bySource.filter { $0.value.first?.split == split }
                .map { (order: orderKey($0.key), id: $0.key, clips: $0.value) }
                .sorted { ($0.order, $0.id) < ($1.order, $1.id) }
            var current: [(order: UInt64, id: Int64, clips: [PlannedClip])] = []
            var count = 0
            func close() {
                guard let first = current.first else { return }
                let digits = String(first.order, radix: 16)
                result.append(
                    Shard(
                        name: "\(split)-" + String(repeating: "0", count: 16 - digits.count) + digits, split: split,
                        sources: current.map(\.id), clips: current.flatMap(\.clips).sorted { $0.id < $1.id }))
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
        return result
    }

    func expectSameShards(_ plan: ClipPlan, target: Int, seed: UInt64) throws {
        let fast = try ShardPlanner(clipsPerShard: target, seed: seed).shards(plan).map {
            Shard(name: $0.name, split: $0.split, sources: $0.sources, clips: Array($0.clips))
        }
        let reference = Self.referenceShards(plan, target: target, seed: seed)
        #expect(!fast.isEmpty)
        #expect(fast == reference)
    }

    @Test func positionsGiveTheShardsThatCopiesGave() throws {
        let counts = ["a": 3, "b": 40, "c": 150]
        // per_source crops, ratio splits.
        let perSource = BalanceFixtures.recipe { $0.clips.perSource = 4 }
        try expectSameShards(
            ClipPlanner(recipe: perSource).plan(BalanceFixtures.sources(counts)), target: 32, seed: 17)
        // per_class: subsets for the big class, many crops per source for the small ones.
        let perClass = BalanceFixtures.recipe { $0.clips.perClass = 120 }
        let balanced = try ClipPlanner(recipe: perClass).plan(BalanceFixtures.sources(counts))
        try expectSameShards(balanced, target: 50, seed: 3)
        // k folds (every clip in train, with its fold), and a target of one clip.
        let kfold = BalanceFixtures.recipe {
            $0.clips.perClass = 60
            $0.splits.method = .kfold
            $0.splits.folds = 5
        }
        try expectSameShards(ClipPlanner(recipe: kfold).plan(BalanceFixtures.sources(counts)), target: 1, seed: 9)
        // A plan whose clips are not in id order (ShardPlanner is public): shards still list them by id.
        var shuffled = balanced
        shuffled.clips = try PlannedClips(balanced.clips.reversed())
        try expectSameShards(shuffled, target: 50, seed: 3)
        // Mixtures: a clip names its anchor source and sums others; membership follows the anchor.
        var mixed = balanced
        var clips = Array(balanced.clips)
        for i in stride(from: 0, to: clips.count, by: 7) { clips[i].mixture = [clips[i].sourceID, 42] }
        mixed.clips = try PlannedClips(clips)
        try expectSameShards(mixed, target: 20, seed: 11)
    }
    /// The build's path: the layout first, then the clips moved into the shards. The shards are
    /// the copying path's, the plan's clips are left empty (its scratch file can go), and the
    /// shards are stretches of one spool in shard order, back to back.
    @Test func takingTheClipsMovesThemIntoOneSpoolInShardOrder() throws {
        let recipe = BalanceFixtures.recipe { $0.clips.perClass = 120 }
        var plan = try ClipPlanner(recipe: recipe).plan(BalanceFixtures.sources(["a": 3, "b": 40, "c": 150]))
        let planner = ShardPlanner(clipsPerShard: 50, seed: 3)
        let copied = try planner.shards(plan)
        let layout = planner.layout(plan)
        #expect(layout.shards.map(\.clipCount) == copied.map(\.clips.count))
        let taken = try layout.take(&plan.clips)
        #expect(plan.clips.isEmpty)
        #expect(taken == copied)
        var next = 0
        for shard in taken {
            #expect(shard.clips.startIndex == next)
            #expect(shard.clips.map(\.id) == shard.clips.map(\.id).sorted(), "a shard's clips are in id order")
            next = shard.clips.endIndex
        }
        #expect(next == copied.reduce(0) { $0 + $1.clips.count })
    }
}
