import MelshardCore

/// One row of an epoch's sequence: a shard (index into `ShardDataset.shards`), a row in it,
/// and the row's task (0 when the dataset has one task).
struct RowRef: Sendable, Equatable {
    var shard: Int32
    var row: Int32
    var task: Int32
}

/// The order of one epoch over a split's rows, computed window by window so memory holds the
/// bookkeeping of one window at a time, never of a whole shuffled split.
///
/// Shuffled: each shard draws a key from the stream `order/EPOCH/SHARD` of the training seed,
/// and shards are sorted by it (then by name); consecutive shards form windows of `window`
/// shards; a window's rows (its shards' rows, concatenated in window order) are permuted by
/// Fisher–Yates with the stream `rows/EPOCH/SHARD,SHARD,…`. Every draw is a function of
/// (seed, epoch, shard names), so the order is the same after a restart, on any machine and
/// whatever the thread timing, and a batch can mix up to `window` shards' sources.
/// Sequential: shards in the card's order, rows in file order, one shard per window.
struct EpochOrder: Sendable {
    /// Positions into `rows`, window by window.
    let windows: [[Int]]
    let rows: [ShardRows]
    private let names: [String]
    private let seed: UInt64?
    private let epoch: Int

    init(rows: [ShardRows], names: [String], order: LoaderOptions.Order, epoch: Int, window: Int) {
        self.rows = rows
        self.names = names
        self.epoch = epoch
        switch order {
        case .sequential:
            seed = nil
            windows = rows.indices.map { [$0] }
        case .shuffled(let seed):
            self.seed = seed
            let keyed = rows.indices.map { i -> (UInt64, String, Int) in
                let name = names[rows[i].shard]
                var random = SeededRandom(seed: seed, stream: "order/\(epoch)/\(name)")
                return (random.next(), name, i)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            windows = stride(from: 0, to: keyed.count, by: window).map { start in
                keyed[start..<min(start + window, keyed.count)].map(\.2)
            }
        }
    }

    /// How many rows window `w` holds, of one task or all.
    func count(window w: Int, task: Int32?) -> Int {
        windows[w].reduce(0) { total, i in
            guard let task else { return total + rows[i].rows.count }
            return total + rows[i].tasks.reduce(0) { $0 + ($1 == task ? 1 : 0) }
        }
    }

    /// Window `w`'s rows in epoch order.
    func sequence(window w: Int) -> [RowRef] {
        var refs: [RowRef] = []
        for i in windows[w] {
            let part = rows[i]
            for (k, row) in part.rows.enumerated() {
                refs.append(RowRef(shard: Int32(part.shard), row: row, task: part.tasks.isEmpty ? 0 : part.tasks[k]))
            }
        }
        guard let seed else { return refs }
        let streamName = "rows/\(epoch)/" + windows[w].map { names[rows[$0].shard] }.joined(separator: ",")
        var random = SeededRandom(seed: seed, stream: streamName)
        // Our own Fisher–Yates: the standard library does not promise its shuffle's algorithm.
        for i in stride(from: refs.count - 1, to: 0, by: -1) {
            refs.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
        return refs
    }
}
