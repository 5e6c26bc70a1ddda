import SQLite

/// A run's metrics: one row per step and one per epoch, in `metrics.sqlite` (docs/train.md).
///
/// Rows past the checkpoint a run resumes from are deleted at the restart, so after a kill the
/// file holds each step once, as if the run had not been interrupted (only `samples_per_second`
/// and `seconds`, which are timings, differ between two runs).
public final class MetricsLog {
    public static let fileName = "metrics.sqlite"

    /// One training step.
    public struct Step: Equatable, Sendable {
        public var step: Int
        public var epoch: Int
        public var loss: Double
        /// Top-1 accuracy (single-label) or label-wise accuracy at 0.5 (multi-label) on the batch.
        public var accuracy: Double
        public var learningRate: Double
        public var samplesPerSecond: Double

        public init(step: Int, epoch: Int, loss: Double, accuracy: Double, learningRate: Double, samplesPerSecond: Double) {
            (self.step, self.epoch, self.loss, self.accuracy) = (step, epoch, loss, accuracy)
            (self.learningRate, self.samplesPerSecond) = (learningRate, samplesPerSecond)
        }
    }

    /// One epoch: the mean training loss and accuracy over its batches, and the validation split's.
    public struct Epoch: Equatable, Sendable {
        public var epoch: Int
        /// The last step of the epoch.
        public var step: Int
        public var trainLoss: Double
        public var trainAccuracy: Double
        public var validationLoss: Double?
        public var validationAccuracy: Double?
        public var learningRate: Double
        public var seconds: Double

        public init(epoch: Int, step: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?,
                    validationAccuracy: Double?, learningRate: Double, seconds: Double) {
            (self.epoch, self.step, self.trainLoss, self.trainAccuracy) = (epoch, step, trainLoss, trainAccuracy)
            (self.validationLoss, self.validationAccuracy) = (validationLoss, validationAccuracy)
            (self.learningRate, self.seconds) = (learningRate, seconds)
        }
    }

    private let database: Database
    private let insertStep: Statement

    public init(path: String) throws(SQLiteError) {
        database = try Database(path: path)
        try database.executeScript("""
            CREATE TABLE IF NOT EXISTS steps(
                step INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, loss REAL NOT NULL, accuracy REAL NOT NULL,
                learning_rate REAL NOT NULL, samples_per_second REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS epochs(
                epoch INTEGER PRIMARY KEY, step INTEGER NOT NULL, train_loss REAL NOT NULL, train_accuracy REAL NOT NULL,
                validation_loss REAL, validation_accuracy REAL, learning_rate REAL NOT NULL, seconds REAL NOT NULL);
            """)
        insertStep = try database.prepare("INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?, ?)")
    }

    /// Forgets what was logged after `step`: the steps a resumed run will take again.
    public func truncate(after step: Int) throws(SQLiteError) {
        _ = try database.execute("DELETE FROM steps WHERE step > ?", [.integer(Int64(step))])
        _ = try database.execute("DELETE FROM epochs WHERE step > ?", [.integer(Int64(step))])
    }

    public func append(_ s: Step) throws(SQLiteError) {
        _ = try insertStep.run([.integer(Int64(s.step)), .integer(Int64(s.epoch)), .real(s.loss), .real(s.accuracy),
                                .real(s.learningRate), .real(s.samplesPerSecond)])
    }

    public func append(_ e: Epoch) throws(SQLiteError) {
        _ = try database.execute("INSERT OR REPLACE INTO epochs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            .integer(Int64(e.epoch)), .integer(Int64(e.step)), .real(e.trainLoss), .real(e.trainAccuracy),
            e.validationLoss.map { .real($0) } ?? .null, e.validationAccuracy.map { .real($0) } ?? .null,
            .real(e.learningRate), .real(e.seconds),
        ])
    }

    public func steps() throws(SQLiteError) -> [Step] {
        try database.execute("SELECT step, epoch, loss, accuracy, learning_rate, samples_per_second FROM steps ORDER BY step").map {
            Step(step: $0[0].int ?? 0, epoch: $0[1].int ?? 0, loss: $0[2].real ?? .nan, accuracy: $0[3].real ?? .nan,
                 learningRate: $0[4].real ?? .nan, samplesPerSecond: $0[5].real ?? .nan)
        }
    }

    public func epochs() throws(SQLiteError) -> [Epoch] {
        try database.execute("""
            SELECT epoch, step, train_loss, train_accuracy, validation_loss, validation_accuracy, learning_rate, seconds
            FROM epochs ORDER BY epoch
            """).map {
            Epoch(epoch: $0[0].int ?? 0, step: $0[1].int ?? 0, trainLoss: $0[2].real ?? .nan, trainAccuracy: $0[3].real ?? .nan,
                  validationLoss: $0[4].real, validationAccuracy: $0[5].real, learningRate: $0[6].real ?? .nan,
                  seconds: $0[7].real ?? .nan)
        }
    }
}
