import Foundation
import Index
import SQLite
import TestSupport
import Testing

/// `metrics.sqlite` through `RunMetricsDatabase`: the schema docs/train.md describes, rows that
/// replace rows of the same step or epoch, and the deletion a resumed run makes.
@Suite struct RunMetricsDatabaseTests {
    let directory = TemporaryDirectory("run-metrics")
    var path: String { directory.file("metrics.sqlite") }

    func step(_ n: Int, loss: Double = 1) -> RunMetricsDatabase.Step {
        RunMetricsDatabase.Step(
            step: n, epoch: (n - 1) / 3, loss: loss, accuracy: 0.5, learningRate: 1e-3,
            samplesPerSecond: 100)
    }

    /// SQLite keeps each table's `CREATE` text, which must be what runs have always written.
    @Test func theTablesAreTheOnesTrainingRunsHaveAlwaysWritten() throws {
        _ = try RunMetricsDatabase(path: path)
        let tables = try Database(path: path, readOnly: true).execute(
            """
            SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name
            """)
        let epochs = [
            "CREATE TABLE epochs(",
            "    epoch INTEGER PRIMARY KEY, step INTEGER NOT NULL, train_loss REAL NOT NULL, "
                + "train_accuracy REAL NOT NULL,",
            "    validation_loss REAL, validation_accuracy REAL, learning_rate REAL NOT NULL, seconds REAL NOT NULL)",
        ]
        let steps = [
            "CREATE TABLE steps(",
            "    step INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, loss REAL NOT NULL, accuracy REAL NOT NULL,",
            "    learning_rate REAL NOT NULL, samples_per_second REAL NOT NULL)",
        ]
        #expect(
            tables == [
                [.text("epochs"), .text(epochs.joined(separator: "\n"))],
                [.text("steps"), .text(steps.joined(separator: "\n"))],
            ])
    }

    @Test func rowsComeBackInOrderAfterReopeningAndAReplacedRowOnce() throws {
        let metrics = try RunMetricsDatabase(path: path)
        for n in [3, 1, 2] { try metrics.put(step(n)) }
        try metrics.put(step(2, loss: 0.25))
        let epoch = RunMetricsDatabase.Epoch(
            epoch: 0, step: 3, trainLoss: 0.6, trainAccuracy: 0.5, validationLoss: nil,
            validationAccuracy: nil, learningRate: 1e-3, seconds: 1.5)
        try metrics.put(epoch)
        let reopened = try RunMetricsDatabase(path: path)
        #expect(try reopened.steps() == [step(1), step(2, loss: 0.25), step(3)])
        #expect(try reopened.epochs() == [epoch])
        // A missing validation is stored as NULL, not as a number.
        let file = try Database(path: path, readOnly: true)
        #expect(try file.execute("SELECT validation_loss, validation_accuracy FROM epochs") == [[.null, .null]])
    }

    @Test func deletingAfterAStepForgetsLaterStepsAndTheEpochsEndingAfterIt() throws {
        let metrics = try RunMetricsDatabase(path: path)
        for n in 1...6 { try metrics.put(step(n)) }
        for (epoch, last) in [(0, 3), (1, 6)] {
            try metrics.put(
                RunMetricsDatabase.Epoch(
                    epoch: epoch, step: last, trainLoss: 0.2, trainAccuracy: 0.5,
                    validationLoss: 0.3, validationAccuracy: 0.75, learningRate: 1e-3,
                    seconds: 1))
        }
        try metrics.deleteRows(after: 4)
        #expect(try metrics.steps().map(\.step) == [1, 2, 3, 4])
        #expect(try metrics.epochs().map(\.epoch) == [0])
        #expect(try metrics.epochs().first?.validationAccuracy == 0.75)
    }
}
