/// The three parts of a dataset a run uses.
public enum Split: String, Sendable, CaseIterable, Codable {
    case train, validation, test
}

/// The rows of one shard that belong to a split, in file order.
struct ShardRows: Sendable {
    /// Index into `ShardDataset.shards`.
    var shard: Int
    /// Row indices into the shard's tensors, ascending.
    var rows: [Int32]
    /// The task of each row in `rows` (dual-task datasets), or empty.
    var tasks: [Int32]
}

/// A build output opened for training: its card, and every shard's header checked against it.
///
/// With `fold` (a k-fold build, whose clips are all in split `train` and whose shards say each
/// clip's fold in a `folds` tensor): **test on fold k, validate on fold (k + 1) mod K, train on
/// the other K − 2 folds**, so each fold is tested once over the K runs and K = 10 gives 80/10/10
/// as study 004 describes. With K = 2 there is no fold left to validate on: fold k is the test
/// split, the other the train split, and the validation split is empty.
public final class ShardDataset: Sendable {
    public let output: String
    public let card: DatasetCard
    /// The fold tested on, 0-based (`clips.fold` in the index); nil for a build without folds.
    public let fold: Int?
    /// The one task of a dual-task build this dataset is cut to (a single-task run); nil for all.
    public let task: TaskSelection?
    let shards: [ShardEntry]

    /// Reads `OUT/dataset.json` and the header of every shard it lists. With `task`, only that
    /// task's clips are seen, labelled by their place in the task's class list (`TaskSelection`).
    ///
    /// - Throws: `DataError`: the card's and shards' problems (see `DatasetCard.load`), and
    ///   `.invalidOption` for a fold outside 0..<K, a fold of a build without folds, a k-fold
    ///   build without one, or a task the build does not have.
    public init(outputDirectory output: String, fold: Int? = nil, task: String? = nil) throws(DataError) {
        let card = try DatasetCard.load(outputDirectory: output)
        let path = output + "/" + DatasetCard.fileName
        if card.folds == nil, let k = card.balance?.folds {
            throw DataError(
                .mismatchedShard, path: path,
                problem: "a \(k)-fold build whose shards carry no folds tensor (built by an older melshard)",
                fix: DataError.Fix.rebuild(output))
        }
        switch (card.folds, fold) {
        case (nil, let k?):
            throw DataError(
                .invalidOption, path: path, problem: "--fold \(k) given, but the build has no folds",
                fix: "leave out --fold, or build with [splits] method = \"kfold\"")
        case (let k?, nil):
            throw DataError(
                .invalidOption, path: path, problem: "a \(k)-fold build needs a fold to test on",
                fix: "pass --fold 0 … --fold \(k - 1)")
        case (let k?, let f?) where f < 0 || f >= k:
            throw DataError(
                .invalidOption, path: path, problem: "--fold \(f) is outside the build's folds 0…\(k - 1)",
                fix: "pass --fold 0 … --fold \(k - 1)")
        default:
            break
        }
        self.task = try task.map { name throws(DataError) in try TaskSelection(named: name, card: card, output: output)
        }
        self.output = output
        self.card = card
        self.fold = fold
        shards = try ShardCatalog.open(card, output: output)
    }

    /// Which split a clip of fold `f` belongs to in this run.
    func split(ofFold f: Int) -> Split {
        guard let fold, let k = card.folds else { return .train }
        if f == fold { return .test }
        if k > 2 && f == (fold + 1) % k { return .validation }
        return .train
    }

    /// The classes the network predicts: the card's labels, or the selected task's.
    public var classNames: [String] { task?.classes ?? card.labels }

    /// The rows of `split`, shard by shard in the card's order; shards without any left out.
    /// A single-task selection keeps its task's rows only, and they carry no task.
    func rows(of split: Split) -> [ShardRows] {
        shards.indices.compactMap { i in
            let shard = shards[i]
            var rows: [Int32]
            if fold != nil {
                rows = shard.folds.indices.filter { self.split(ofFold: Int(shard.folds[$0])) == split }.map {
                    Int32($0)
                }
            } else {
                rows = shard.split == split.rawValue ? (0..<Int32(shard.clips)).map { $0 } : []
            }
            if let task {
                rows = rows.filter { shard.tasks[Int($0)] == Int32(task.index) }
                guard !rows.isEmpty else { return nil }
                return ShardRows(shard: i, rows: rows, tasks: [])
            }
            guard !rows.isEmpty else { return nil }
            return ShardRows(shard: i, rows: rows, tasks: shard.tasks.isEmpty ? [] : rows.map { shard.tasks[Int($0)] })
        }
    }

    /// How many clips `split` holds.
    public func clipCount(_ split: Split) -> Int {
        rows(of: split).reduce(0) { $0 + $1.rows.count }
    }

    /// A loader over `split`.
    ///
    /// - Throws: `DataError.Code.emptySplit` when the split has no clips, `.invalidOption` for
    ///   options the dataset cannot take (see `LoaderOptions`).
    public func loader(_ split: Split, _ options: LoaderOptions) throws(DataError) -> DataLoader {
        try DataLoader(dataset: self, split: split, options: options)
    }
}
