import Index

/// A run's metrics: one row per step and one per epoch, in `metrics.sqlite` (docs/train.md),
/// stored through Index's `RunMetricsDatabase`.
///
/// Rows past the checkpoint a run resumes from are deleted at the restart, so after a kill the
/// file holds each step once, as if the run had not been interrupted (only `samples_per_second`
/// and `seconds`, which are timings, differ between two runs).
public final class MetricsLog {
    public static let fileName = "metrics.sqlite"

    /// One training step.
    public typealias Step = RunMetricsDatabase.Step
    /// One epoch: the mean training loss and accuracy over its batches, and the validation split's.
    public typealias Epoch = RunMetricsDatabase.Epoch

    private let database: RunMetricsDatabase

    /// Opens (or creates) the metrics file at `path`, keeping what an earlier run logged.
    public init(path: String) throws {
        database = try RunMetricsDatabase(path: path)
    }

    /// Forgets what was logged after `step`: the steps a resumed run will take again.
    public func truncate(after step: Int) throws {
        try database.deleteRows(after: step)
    }

    public func append(_ s: Step) throws {
        try database.put(s)
    }

    public func append(_ e: Epoch) throws {
        try database.put(e)
    }

    public func steps() throws -> [Step] {
        try database.steps()
    }

    public func epochs() throws -> [Epoch] {
        try database.epochs()
    }
}
