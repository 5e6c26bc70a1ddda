import Foundation
import MelshardCore
import TrainSettings

/// `melshard train OUT --folds all`: every fold of a k-fold build, one after another, each in
/// its own run folder under one parent (docs/train.md "k-fold datasets"):
///
/// ```
/// PARENT/folds.json     the summary: each fold's run folder and its result (FoldSummary)
/// PARENT/fold-0/        fold 0's run folder, as `--fold 0 --run PARENT/fold-0` makes it
/// PARENT/fold-1/        …
/// ```
///
/// Each fold is an ordinary run, so it resumes as one: run the command again after a kill and
/// the folds already finished return their `result.json` untouched, the fold that was in
/// progress continues from its newest checkpoint, and the rest start. `folds.json` is written
/// before the first fold and again after each, so it always says how far the runs got.
public struct FoldRuns: Sendable {
    public let parent: String
    public let folds: Int

    public init(parent: String, folds: Int) {
        (self.parent, self.folds) = (parent, folds)
    }

    public var summaryPath: String { parent + "/" + FoldSummary.fileName }

    /// Fold `k`'s run folder: `PARENT/fold-K`.
    public func run(_ k: Int) -> RunFolder { RunFolder(path: parent + "/" + FoldSummary.runName(k)) }

    /// Whether `parent` can hold the folds' runs: absent, empty, or already theirs (it has
    /// `folds.json`). Anything else is refused, so the runs never write into a folder they do not own.
    public func checkUsable() throws(TrainError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notARun(path: parent, reason: "it is a file") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        if entries.isEmpty || entries.contains(FoldSummary.fileName) { return }
        throw .notARun(
            path: parent,
            reason: "it holds \(entries.sorted().prefix(3).joined(separator: ", ")) but no \(FoldSummary.fileName)")
    }

    /// Creates the parent folder and writes `summary`, durably.
    public func write(_ summary: FoldSummary) throws(TrainError) {
        let folder = RunFolder(path: parent)
        if !folder.exists {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw .file(FileError(path: parent, operation: "mkdir", message: "\(error.localizedDescription)"))
            }
        }
        try folder.writeJSON(summary, to: summaryPath)
    }

    /// Fold `k`'s line of the summary, from its finished run folder: its result and the
    /// validation accuracy of the epoch whose weights it kept (`metrics.sqlite`).
    public func entry(_ k: Int, result: RunResult) -> FoldSummary.Fold {
        var validationAccuracy: Double?
        if let best = result.bestEpoch, let log = try? MetricsLog(path: run(k).metricsPath),
            let epochs = try? log.epochs()
        {
            validationAccuracy = epochs.first(where: { $0.epoch == best })?.validationAccuracy
        }
        return FoldSummary.Fold(
            fold: k, run: FoldSummary.runName(k), steps: result.steps, epochs: result.epochs,
            bestEpoch: result.bestEpoch, validationLoss: result.validationLoss,
            validationAccuracy: validationAccuracy, testLoss: result.testLoss, testAccuracy: result.testAccuracy,
            testClips: result.testClips)
    }
}

/// `folds.json`: the folds of a `--folds all` run and how each did (docs/train.md).
public struct FoldSummary: Codable, Equatable, Sendable {
    public static let fileName = "folds.json"
    static func runName(_ k: Int) -> String { "fold-\(k)" }

    /// One finished fold: its run folder (relative to the parent) and its `result.json`'s numbers,
    /// with the validation accuracy of the epoch kept as best.
    public struct Fold: Codable, Equatable, Sendable {
        public var fold: Int
        public var run: String
        public var steps: Int
        public var epochs: Int
        public var bestEpoch: Int?
        public var validationLoss: Double?
        public var validationAccuracy: Double?
        public var testLoss: Double?
        public var testAccuracy: Double?
        public var testClips: Int

        enum CodingKeys: String, CodingKey {
            case fold, run, steps, epochs
            case bestEpoch = "best_epoch", validationLoss = "validation_loss"
            case validationAccuracy = "validation_accuracy", testLoss = "test_loss", testAccuracy = "test_accuracy"
            case testClips = "test_clips"
        }
    }

    public var format = "melshard-folds"
    public var formatVersion = 1
    public var model: String
    /// K: how many folds the build has, and so how many runs there are.
    public var folds: Int
    /// The folds finished so far, in fold order.
    public var runs: [Fold]
    /// The mean test accuracy over the folds, once every fold has finished; nil before.
    public var meanTestAccuracy: Double?

    public init(model: String, folds: Int, runs: [Fold]) {
        (self.model, self.folds, self.runs) = (model, folds, runs)
        let accuracies = runs.compactMap(\.testAccuracy)
        if runs.count == folds, accuracies.count == folds {
            meanTestAccuracy = accuracies.reduce(0, +) / Double(folds)
        }
    }

    public var complete: Bool { runs.count == folds }

    enum CodingKeys: String, CodingKey {
        case format, model, folds, runs
        case formatVersion = "format_version", meanTestAccuracy = "mean_test_accuracy"
    }
}
