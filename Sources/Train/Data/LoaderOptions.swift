/// How a `DataLoader` cuts a split into batches.
public struct LoaderOptions: Sendable, Equatable {
    /// The order of rows within an epoch.
    public enum Order: Sendable, Equatable {
        /// Training: shards in a seeded order, rows shuffled within windows of `window` shards;
        /// a pure function of (seed, epoch) and the shard names (see `EpochOrder`).
        case shuffled(seed: UInt64)
        /// Evaluation: shards in the card's order, rows in file order, the same every epoch.
        case sequential
    }

    /// How a dual-task dataset's tasks share batches (study 000, section 2.3.2).
    public enum TaskBatching: String, Sendable, Equatable, Codable {
        /// Each batch draws from both tasks: the plain shuffle of all rows.
        case mixed
        /// Each batch holds one task: task 0, task 1, task 0, …; when one task runs out, the
        /// rest of the other follows.
        case nonMixed = "non-mixed"
    }

    /// Which of the card's train statistics standardise the features: `(x − mean) / std`
    /// in float32, as the PyTorch snippet in docs/shards.md computes it.
    public enum Normalisation: String, Sendable, Equatable, Codable {
        /// The stored values as they are (float16 widened exactly).
        case none
        /// One mean and standard deviation for every value (studies 000 and 004).
        case global
        /// One per band (feature row).
        case perBand = "per-band"
    }

    /// Clips per batch, ≥ 1.
    public var batchSize: Int
    public var order: Order
    public var normalisation: Normalisation
    /// Shards whose rows are shuffled together (≥ 1). Memory holds at most this many loaded
    /// shards per task stream (one stream, or one per task when non-mixed).
    public var window: Int
    /// Leave out the last batch of an epoch (of each task, when non-mixed) when it is short.
    public var dropLast: Bool
    public var taskBatching: TaskBatching
    /// Make the next batch on a background thread while the caller trains on this one.
    public var prefetch: Bool

    public init(
        batchSize: Int, order: Order, normalisation: Normalisation = .global, window: Int = 4,
        dropLast: Bool = false, taskBatching: TaskBatching = .mixed, prefetch: Bool = true
    ) {
        self.batchSize = batchSize
        self.order = order
        self.normalisation = normalisation
        self.window = window
        self.dropLast = dropLast
        self.taskBatching = taskBatching
        self.prefetch = prefetch
    }
}
