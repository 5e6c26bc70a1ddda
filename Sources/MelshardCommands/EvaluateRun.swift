import ArgumentParser
import Build
import Evaluate
import Foundation
import Pictures
import Train

/// `melshard evaluate RUN`: metrics of a run on a split, written into `RUN/evaluation/SPLIT/`;
/// for a `--folds all` parent or with `--compare`, study 004's Table 1.
struct EvaluateRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Metrics of a run on a split (written to RUN/evaluation/SPLIT/), or a k-fold table.",
        discussion: """
            RUN is a run folder of melshard train or melshard import-weights: the network with its best \
            weights runs in eval mode over the split and gives top-1 and top-k accuracy, per-class \
            precision, recall and F1, the confusion matrix (CSV and PNG), per-task scores for dual-task \
            runs, per-label ROC-AUC, PR-AUC and F1 for multi-label runs, and the vote per track when the \
            build's index.sqlite names the clips' sources. A --folds all parent (it holds folds.json) \
            gives each fold's test accuracy and their mean ± std (n − 1); --compare puts several runs or \
            parents in one table.
            """)

    @Argument(help: "A run folder, or a --folds all parent; with --compare, several.")
    var runs: [String]

    @Option(help: "The split to measure: train, validation or test.")
    var split = "test"

    @Option(name: .customLong("top-k"), help: "k of top-k accuracy (5 for study 000).")
    var topK = 5

    @Option(help: "Multi-label runs: a label is predicted at and above this probability.")
    var threshold = 0.5

    @Option(help: "best (the weights result.json was measured with) or last.")
    var checkpoint = "best"

    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("The build output to measure on (default: the run's own).", valueName: "OUT"))
    var output: String?

    @Option(help: "Clips per forward pass (default: the run's batch size, as its result.json was measured).")
    var batch: Int?
    @Option(help: "Threads for the kernels; changes no number.") var threads = 1

    @Flag(help: "Put several runs or --folds all parents in one table (study 004's Table 1).")
    var compare = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("missing the run folder: melshard evaluate RUN") }
        guard compare || runs.count == 1 else {
            throw ValidationError("\(runs.count) run folders given: evaluate one, or several with --compare")
        }
        guard Split(rawValue: split) != nil else {
            throw ValidationError("--split \(split): expected train, validation or test")
        }
        guard CheckpointChoice(rawValue: checkpoint) != nil else {
            throw ValidationError("--checkpoint \(checkpoint): expected best or last")
        }
        guard topK >= 1 else { throw ValidationError("--top-k \(topK): expected 1 or more") }
        guard threshold > 0, threshold < 1 else {
            throw ValidationError("--threshold \(threshold): expected a probability between 0 and 1")
        }
        if let batch, batch < 1 { throw ValidationError("--batch \(batch): expected 1 or more") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads \(threads): expected 1 … 256") }
    }

    func run() throws {
        let folders = runs.map(absolute)
        if compare || FileManager.default.fileExists(atPath: folders[0] + "/" + FoldSummary.fileName) {
            let rows = try folders.map { path throws(EvaluationError) in try ArchitectureSummary.read(path) }
            if json {
                print(String(decoding: try JSONOutput.encode(rows), as: UTF8.self))
            } else {
                print(ArchitectureTable.text(rows), terminator: "")
            }
            return
        }
        let measured = try RunMeasurement.make(
            run: folders[0], split: Split(rawValue: split)!, checkpoint: CheckpointChoice(rawValue: checkpoint)!,
            output: output.map(absolute), k: topK, threshold: threshold, batch: batch, threads: threads)
        let written = try measured.write()
        if json {
            print(String(decoding: try JSONOutput.encode(measured.evaluation), as: UTF8.self))
        } else {
            print(EvaluationSummary.text(measured.evaluation, sourcesNote: measured.sourcesNote), terminator: "")
            print("wrote \(written.count) files to \(measured.files.folder)")
        }
    }
}
