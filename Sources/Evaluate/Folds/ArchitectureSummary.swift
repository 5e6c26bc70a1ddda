import Foundation
import Train

/// One row of study 004's Table 1: a network, its parameter count and its test accuracy over
/// the folds, mean ± standard deviation (`SpreadStatistics`).
///
/// Read from a `melshard train --folds all` parent folder (`folds.json`, each fold's test
/// accuracy measured with its best weights, and the first fold's `config.json` for the
/// parameters), or from a single run folder (`result.json` and `config.json`: one accuracy,
/// no spread).
public struct ArchitectureSummary: Sendable, Equatable, Codable {
    public struct Fold: Sendable, Equatable, Codable {
        public var fold: Int
        public var accuracy: Double
        public var clips: Int
    }

    /// The folder read.
    public var path: String
    /// The network's name (`melshard models`).
    public var architecture: String
    /// Trainable parameters.
    public var parameters: Int
    /// Every finished fold with a test accuracy, in fold order (one entry for a single run).
    public var folds: [Fold]
    /// Folds the build has; more than `folds.count` while a `--folds all` run is unfinished.
    public var foldsPlanned: Int
    public var accuracy: SpreadStatistics

    enum CodingKeys: String, CodingKey {
        case path, architecture, parameters, folds, accuracy
        case foldsPlanned = "folds_planned"
    }

    /// Reads `path`: a folds parent or a run folder.
    ///
    /// - Throws: `.notARun` when it is neither, or when no fold has finished with a test split.
    public static func read(_ path: String) throws(EvaluationError) -> ArchitectureSummary {
        let foldsFile = path + "/" + FoldSummary.fileName
        if FileManager.default.fileExists(atPath: foldsFile) {
            let summary: FoldSummary
            do {
                summary = try JSONDecoder().decode(
                    FoldSummary.self, from: Data(contentsOf: URL(fileURLWithPath: foldsFile)))
            } catch {
                throw EvaluationError(.notARun, path: foldsFile, problem: "cannot be read (\(error))")
            }
            let folds = summary.runs.compactMap { run in
                run.testAccuracy.map { Fold(fold: run.fold, accuracy: $0, clips: run.testClips) }
            }
            guard let first = summary.runs.first, !folds.isEmpty else {
                throw EvaluationError(
                    .notARun, path: foldsFile, problem: "no fold has finished with a test accuracy yet",
                    fix: "run melshard train --folds all to the end")
            }
            let configuration = try RunConfiguration.load(run: path + "/" + first.run)
            return ArchitectureSummary(
                path: path, architecture: summary.model, parameters: configuration.model.parameters, folds: folds,
                foldsPlanned: summary.folds, accuracy: SpreadStatistics(folds.map(\.accuracy)))
        }
        let configuration = try RunConfiguration.load(run: path)
        let resultFile = RunFolder(path: path).resultPath
        let result: RunResult
        do {
            result = try JSONDecoder().decode(RunResult.self, from: Data(contentsOf: URL(fileURLWithPath: resultFile)))
        } catch {
            throw EvaluationError(
                .notARun, path: path, problem: "no result.json: the run has not finished",
                fix: "finish it with melshard train, or give a --folds all parent")
        }
        guard let accuracy = result.testAccuracy else {
            throw EvaluationError(.notARun, path: resultFile, problem: "the run had no test split to measure")
        }
        return ArchitectureSummary(
            path: path, architecture: configuration.model.name, parameters: configuration.model.parameters,
            folds: [Fold(fold: configuration.train?.fold ?? 0, accuracy: accuracy, clips: result.testClips)],
            foldsPlanned: 1, accuracy: SpreadStatistics([accuracy]))
    }
}
