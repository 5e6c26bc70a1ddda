import NN

/// Makes one epoch's batches in order from a starting batch: what the prefetch thread runs.
///
/// Everything a batch holds follows from (dataset, options, epoch, batch index): the order
/// from `EpochOrder`, the sizes from `BatchSchedule`. Starting at batch b skips the rows of the
/// batches before it without reading them, so a resumed epoch goes on exactly where it stopped.
final class BatchProducer {
    private let dataset: ShardDataset
    private let schedule: BatchSchedule
    private let standardiser: Standardiser
    private let epoch: Int
    private let cache: ShardCache
    /// One cursor over every row (index 0), or one per task when non-mixed (index = task).
    private var cursors: [RowCursor]
    private var batch: Int

    init(loader: DataLoader, epoch: Int, from start: Int) {
        dataset = loader.dataset
        schedule = loader.schedule
        standardiser = loader.standardiser
        self.epoch = epoch
        cache = ShardCache(dataset: loader.dataset)
        let order = EpochOrder(
            rows: loader.rows, names: loader.dataset.shards.map(\.name), order: loader.options.order,
            epoch: epoch, window: loader.options.window)
        let perTask = schedule.entries.contains { $0.task != nil }
        cursors =
            perTask
            ? loader.taskCounts.indices.map { RowCursor(order: order, task: Int32($0)) }
            : [RowCursor(order: order, task: nil)]
        batch = min(max(start, 0), schedule.entries.count)
        var skipped = [Int](repeating: 0, count: cursors.count)
        for entry in schedule.entries[..<batch] { skipped[Int(entry.task ?? 0)] += entry.size }
        for c in cursors.indices { cursors[c].skip(skipped[c], cache: cache) }
    }

    var statistics: LoaderStatistics { cache.statistics }

    /// The next batch, or nil after the epoch's last.
    func next() throws(DataError) -> Batch? {
        guard batch < schedule.entries.count else {
            finish()
            return nil
        }
        let entry = schedule.entries[batch]
        let c = Int(entry.task ?? 0)
        let card = dataset.card
        let rowValues = card.features.shape.reduce(1, *)
        var inputs = [Float](repeating: 0, count: entry.size * rowValues)
        var classes: [Int] = []
        var hot: [Float] = []
        var tasks: [Int] = []
        var clipIDs: [Int64] = []
        let width = card.labelWidth
        let selected = dataset.task
        for k in 0..<entry.size {
            guard let ref = cursors[c].next(cache: cache) else { preconditionFailure("the schedule outruns its rows") }
            let shard = try cache.shard(Int(ref.shard))
            let row = Int(ref.row)
            inputs.withUnsafeMutableBufferPointer { all in
                let part = UnsafeMutableBufferPointer(rebasing: all[(k * rowValues)..<((k + 1) * rowValues)])
                shard.decode(row: row, into: part, standardiser: standardiser)
            }
            let stored = (row * width)..<((row + 1) * width)
            switch (card.task, selected) {
            case (.singleLabel, nil): classes.append(Int(shard.classes[row]))
            case (.singleLabel, let task?): classes.append(task.local(shard.classes[row]))
            case (.multiLabel, nil): hot += shard.multiHot[stored].map { Float($0) }
            case (.multiLabel, let task?): hot += task.local(row: shard.multiHot[stored])
            }
            if card.tasks != nil && selected == nil { tasks.append(Int(ref.task)) }
            clipIDs.append(shard.clipIDs[row])
        }
        let position = LoaderPosition(epoch: epoch, batch: batch)
        batch += 1
        let shape = card.features.shape
        return Batch(
            inputs: Tensor(shape: [entry.size, 1, shape[0], shape[1]], values: inputs),
            targets: card.task == .singleLabel
                ? .classes(classes)
                : .multiHot(Tensor(shape: [entry.size, selected?.classes.count ?? width], values: hot)),
            tasks: tasks, task: entry.task.map { Int($0) }, clipIDs: clipIDs, position: position)
    }

    /// Releases every shard still held: at the end of the epoch, or when iteration stops early.
    func finish() {
        for c in cursors.indices { cursors[c].leave(cache) }
    }
}
