/// Batches of one split of a build output, streamed from its shards.
///
/// Memory holds at most `options.window` shards per task stream (`LoaderStatistics` shows it),
/// whatever the dataset's size, plus a few bytes of bookkeeping per clip (its row, task and
/// fold) and two batches (the caller's and the prefetched one). Batches are
/// `[B, 1, bands, frames]` float32, standardised with the card's train statistics; an epoch's
/// order is a function of (seed, epoch) only (`EpochOrder`), so `batches(epoch:from:)` resumes
/// bit-identically from any `LoaderPosition`.
///
/// ```swift
/// let dataset = try ShardDataset(outputDirectory: "out/gtzan")
/// let train = try dataset.loader(.train, LoaderOptions(batchSize: 64, order: .shuffled(seed: 0)))
/// let batches = train.batches(epoch: 0)
/// while let batch = try batches.next() { … }
/// ```
public final class DataLoader: Sendable {
    public let dataset: ShardDataset
    public let split: Split
    public let options: LoaderOptions
    let rows: [ShardRows]
    let schedule: BatchSchedule
    let standardiser: Standardiser
    /// Rows per task (one entry for a single-task dataset).
    let taskCounts: [Int]

    init(dataset: ShardDataset, split: Split, options: LoaderOptions) throws(DataError) {
        let path = dataset.output + "/" + DatasetCard.fileName
        guard options.batchSize >= 1 else {
            throw DataError(
                .invalidOption, path: path, problem: "batch size \(options.batchSize)",
                fix: "use a batch size of 1 or more")
        }
        guard options.window >= 1 else {
            throw DataError(
                .invalidOption, path: path, problem: "shuffle window of \(options.window) shards",
                fix: "use a window of 1 or more shards")
        }
        rows = dataset.rows(of: split)
        let total = rows.reduce(0) { $0 + $1.rows.count }
        guard total > 0 else {
            let place = dataset.fold.map { "fold \($0)'s " } ?? ""
            throw DataError(
                .emptySplit, path: path, problem: "\(place)\(split.rawValue) split has no clips",
                fix: dataset.fold == nil
                    ? "give the recipe's [splits] a \(split.rawValue) share and rebuild"
                    : "a validation fold needs folds = 3 or more; rebuild with more folds")
        }
        if let tasks = dataset.card.tasks, dataset.task == nil {
            var counts = [Int](repeating: 0, count: tasks.count)
            for part in rows { for t in part.tasks { counts[Int(t)] += 1 } }
            taskCounts = counts
        } else {
            taskCounts = [total]
        }
        schedule = BatchSchedule(
            taskCounts: taskCounts, batchSize: options.batchSize, dropLast: options.dropLast,
            nonMixed: options.taskBatching == .nonMixed)
        guard !schedule.entries.isEmpty else {
            throw DataError(
                .invalidOption, path: path,
                problem: "\(total) \(split.rawValue) clips make no full batch of \(options.batchSize)",
                fix: "use a smaller batch, or keep the last partial batch")
        }
        standardiser = try Standardiser(options.normalisation, card: dataset.card, output: dataset.output)
        self.dataset = dataset
        self.split = split
        self.options = options
    }

    /// Clips in the split.
    public var clipCount: Int { taskCounts.reduce(0, +) }

    /// Batches in every epoch (the same for each).
    public var batchesPerEpoch: Int { schedule.entries.count }

    /// Epoch `epoch`'s batches from batch `start` on, made on a background thread one batch
    /// ahead when `options.prefetch` is set. The batches do not depend on timing or on whether
    /// they are prefetched.
    public func batches(epoch: Int, from start: Int = 0) -> BatchIterator {
        BatchIterator(producer: BatchProducer(loader: self, epoch: epoch, from: start), prefetch: options.prefetch)
    }

    /// The batches from `position` to the end of its epoch.
    public func batches(from position: LoaderPosition) -> BatchIterator {
        batches(epoch: position.epoch, from: position.batch)
    }
}
