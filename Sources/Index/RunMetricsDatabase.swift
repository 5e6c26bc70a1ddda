import SQLite

/// The SQLite file of one training run's metrics (`metrics.sqlite`, docs/train.md): a row per
/// optimiser step in `steps` and a row per epoch in `epochs`, each keyed by its number, so
/// writing a row again replaces it.
///
/// It lives here, beside `index.sqlite`, so that `Index` is the one module that writes SQLite;
/// Train's `MetricsLog` decides what goes in and when.
public final class RunMetricsDatabase {
    /// One training step, as a row of `steps`.
    public struct Step: Equatable, Sendable {
        public var step: Int
        public var epoch: Int
        public var loss: Double
        /// Top-1 accuracy (single-label) or label-wise accuracy at 0.5 (multi-label) on the batch.
        public var accuracy: Double
        public var learningRate: Double
        public var samplesPerSecond: Double

        public init(
            step: Int, epoch: Int, loss: Double, accuracy: Double, learningRate: Double,
            samplesPerSecond: Double
        ) {
            (self.step, self.epoch, self.loss, self.accuracy) = (step, epoch, loss, accuracy)
            (self.learningRate, self.samplesPerSecond) = (learningRate, samplesPerSecond)
        }
    }

    /// One epoch, as a row of `epochs`: the mean training loss and accuracy over its batches, and
    /// the validation split's.
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

        public init(
            epoch: Int, step: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?,
            validationAccuracy: Double?, learningRate: Double, seconds: Double
        ) {
            (self.epoch, self.step, self.trainLoss, self.trainAccuracy) = (epoch, step, trainLoss, trainAccuracy)
            (self.validationLoss, self.validationAccuracy) = (validationLoss, validationAccuracy)
            (self.learningRate, self.seconds) = (learningRate, seconds)
        }
    }

    /// The tables, created when missing. SQLite keeps this text in the file (`sqlite_master`),
    /// so it is left exactly as runs have always written it.
    static let schema = """
        CREATE TABLE IF NOT EXISTS steps(
            step INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, loss REAL NOT NULL, accuracy REAL NOT NULL,
            learning_rate REAL NOT NULL, samples_per_second REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS epochs(
            epoch INTEGER PRIMARY KEY, step INTEGER NOT NULL, train_loss REAL NOT NULL, train_accuracy REAL NOT NULL,
            validation_loss REAL, validation_accuracy REAL, learning_rate REAL NOT NULL, seconds REAL NOT NULL);
        """

    public let path: String
    private let database: Database
    /// Compiled once: a run appends a step row per optimiser step.
    private let insertStep: Statement

    /// Opens the metrics file at `path`, creating it and its tables if needed. Rows already
    /// there are kept.
    public init(path: String) throws(SQLiteError) {
        self.path = path
        database = try Database(path: path)
        try database.executeScript(Self.schema)
        insertStep = try database.prepare("INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?, ?)")
    }

    /// Deletes every step row after `step`, and every epoch row whose last step is after it.
    public func deleteRows(after step: Int) throws(SQLiteError) {
        try database.execute("DELETE FROM steps WHERE step > ?", [.integer(Int64(step))])
        try database.execute("DELETE FROM epochs WHERE step > ?", [.integer(Int64(step))])
    }

    /// Writes the row of step `s.step`, replacing any row of that step.
    public func put(_ s: Step) throws(SQLiteError) {
        try insertStep.run([
            .integer(Int64(s.step)), .integer(Int64(s.epoch)), .real(s.loss), .real(s.accuracy),
            .real(s.learningRate), .real(s.samplesPerSecond),
        ])
    }

    /// Writes the row of epoch `e.epoch`, replacing any row of that epoch.
    public func put(_ e: Epoch) throws(SQLiteError) {
        try database.execute(
            "INSERT OR REPLACE INTO epochs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(Int64(e.epoch)), .integer(Int64(e.step)), .real(e.trainLoss), .real(e.trainAccuracy),
                e.validationLoss.map { .real($0) } ?? .null, e.validationAccuracy.map { .real($0) } ?? .null,
                .real(e.learningRate), .real(e.seconds),
            ])
    }

    /// Every step row, by step.
    public func steps() throws(SQLiteError) -> [Step] {
        try database.execute(
            """
            SELECT step, epoch, loss, accuracy, learning_rate, samples_per_second FROM steps ORDER BY step
            """
        ).map {
            Step(
                step: $0[0].int ?? 0, epoch: $0[1].int ?? 0, loss: $0[2].real ?? .nan, accuracy: $0[3].real ?? .nan,
                learningRate: $0[4].real ?? .nan, samplesPerSecond: $0[5].real ?? .nan)
        }
    }

    /// Every epoch row, by epoch.
    public func epochs() throws(SQLiteError) -> [Epoch] {
        try database.execute(
            """
            SELECT epoch, step, train_loss, train_accuracy, validation_loss, validation_accuracy, learning_rate, seconds
            FROM epochs ORDER BY epoch
            """
        ).map {
            Epoch(
                epoch: $0[0].int ?? 0, step: $0[1].int ?? 0, trainLoss: $0[2].real ?? .nan,
                trainAccuracy: $0[3].real ?? .nan, validationLoss: $0[4].real, validationAccuracy: $0[5].real,
                learningRate: $0[6].real ?? .nan, seconds: $0[7].real ?? .nan)
        }
    }
}
