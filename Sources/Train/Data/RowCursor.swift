/// Walks an epoch's sequence of rows, all of them or one task's, window by window, keeping
/// the current window's shards retained in a `ShardCache`.
struct RowCursor {
    let order: EpochOrder
    /// Only rows of this task; nil for every row.
    let task: Int32?
    private var window = -1
    private var sequence: [RowRef] = []
    private var index = 0

    init(order: EpochOrder, task: Int32?) {
        self.order = order
        self.task = task
    }

    /// Moves past `count` rows without reading them: whole windows by their counts, so resuming
    /// late in an epoch costs one window's shuffle, not the epoch's.
    mutating func skip(_ count: Int, cache: ShardCache) {
        var left = count
        while left > 0 {
            if index < sequence.count {
                let step = min(left, sequence.count - index)
                index += step
                left -= step
                continue
            }
            guard window + 1 < order.windows.count else { return }
            let next = window + 1
            let size = order.count(window: next, task: task)
            if size <= left {
                leave(cache)
                window = next
                left -= size
            } else {
                enter(next, cache: cache)
            }
        }
    }

    /// The next row, or nil at the end of the epoch.
    mutating func next(cache: ShardCache) -> RowRef? {
        while index >= sequence.count {
            guard window + 1 < order.windows.count else {
                leave(cache)
                return nil
            }
            enter(window + 1, cache: cache)
        }
        index += 1
        return sequence[index - 1]
    }

    /// Lets go of the current window's shards (at the end, or when the iterator stops early).
    mutating func leave(_ cache: ShardCache) {
        if window >= 0 && !sequence.isEmpty { cache.release(order.windows[window].map { order.rows[$0].shard }) }
        sequence = []
        index = 0
    }

    private mutating func enter(_ w: Int, cache: ShardCache) {
        leave(cache)
        window = w
        var rows = order.sequence(window: w)
        if let task { rows = rows.filter { $0.task == task } }
        sequence = rows
        if !rows.isEmpty { cache.retain(order.windows[w].map { order.rows[$0].shard }) }
    }
}
