import NN

/// Where iteration stands: the epoch and the index of a batch within it.
///
/// A checkpoint stores the position of the next batch to train on; iterating from it after a
/// restart gives bit-identical batches to those an uninterrupted run would have seen, since
/// an epoch's order is a function of (seed, epoch) only.
public struct LoaderPosition: Sendable, Equatable, Hashable, Codable {
    public var epoch: Int
    public var batch: Int

    public init(epoch: Int, batch: Int) {
        self.epoch = epoch
        self.batch = batch
    }

    public static let start = LoaderPosition(epoch: 0, batch: 0)
}

/// A batch of clips, ready for a network.
public struct Batch: Sendable {
    /// `[B, 1, bands, frames]`, float32, standardised as the loader's options say.
    public var inputs: Tensor
    /// `.classes` (`[B]`) for a single-label dataset, `.multiHot` (`[B, classes]`) for a
    /// multi-label one. Under `label_space = "separate"` the classes are the example's task's.
    public var targets: Targets
    /// Dual-task datasets: each example's task (an index into the card's `tasks`); empty otherwise,
    /// and for a run on one task of them (`ShardDataset.task`).
    public var tasks: [Int]
    /// The task of every example in a non-mixed batch; nil when mixed or single-task.
    public var task: Int?
    /// Each example's `clips.id` in index.sqlite.
    public var clipIDs: [Int64]
    /// This batch's own position; the next one is `(epoch, batch + 1)`.
    public var position: LoaderPosition

    /// The number of examples.
    public var count: Int { clipIDs.count }
}
