/// The shards a batch producer holds in memory: those of the windows its cursors are in.
///
/// A cursor retains the shards of the window it enters and releases them when it leaves; a
/// shard is read on first use and dropped when no cursor retains it. So memory holds at most
/// `window` shards per cursor, whatever the dataset's size, and each shard is read once per
/// epoch per cursor. Used by one thread only (the producer's).
final class ShardCache {
    private let dataset: ShardDataset
    private var retained: [Int: Int] = [:]
    private var loaded: [Int: LoadedShard] = [:]
    private(set) var statistics = LoaderStatistics()

    init(dataset: ShardDataset) {
        self.dataset = dataset
    }

    func retain(_ shards: [Int]) {
        for s in shards { retained[s, default: 0] += 1 }
    }

    func release(_ shards: [Int]) {
        for s in shards {
            let count = (retained[s] ?? 0) - 1
            retained[s] = count > 0 ? count : nil
            if count <= 0 { loaded[s] = nil }
        }
    }

    /// Shard `s`, read now if it is not in memory. It must be retained.
    func shard(_ s: Int) throws(DataError) -> LoadedShard {
        precondition(retained[s] != nil, "shard \(s) used without being retained")
        if let shard = loaded[s] { return shard }
        let shard = try LoadedShard(dataset.shards[s], card: dataset.card, output: dataset.output)
        loaded[s] = shard
        statistics.shardLoads += 1
        statistics.peakLoadedShards = max(statistics.peakLoadedShards, loaded.count)
        return shard
    }
}
