import Foundation
import Train
import TrainSettings

extension TrainCommand {
    /// `--folds all`: fold 0, 1, … K − 1 in turn, each an ordinary run in PARENT/fold-K, with
    /// PARENT/folds.json rewritten after each (docs/train.md "k-fold datasets"). Run the same
    /// command again and finished folds are read back, not retrained; the interrupted one resumes.
    func trainAllFolds(config: TrainConfig, sources: [String: TrainSettingSource], output: String) throws {
        let card: DatasetCard
        do { card = try DatasetCard.load(outputDirectory: output) } catch { throw TrainError.dataset("\(error)") }
        guard let count = card.folds else {
            throw CommandFailure(
                "train: --folds all given, but \(output) has no folds; leave out --folds, or build with [splits] method = \"kfold\""
            )
        }
        let runs = FoldRuns(parent: absolute(runFolder ?? "\(output)/runs/\(Self.runName(config))-folds"), folds: count)
        try runs.checkUsable()
        var foldSources = sources
        foldSources["fold"] = .commandLine
        func trainer(_ k: Int) throws -> Trainer {
            var settings = config
            settings.fold = k
            return try Trainer(config: settings, sources: foldSources, output: output, run: runs.run(k))
        }
        // Every check on fold 0 before the parent exists, so a refused command leaves nothing behind.
        var next: Trainer? = try trainer(0)
        var finished: [FoldSummary.Fold] = []
        try runs.write(FoldSummary(model: config.model, folds: count, runs: finished))
        for k in 0..<count {
            let current = try next ?? trainer(k)
            next = nil
            if !json { FileHandle.standardError.write(Data("train: fold \(k + 1) of \(count)\n".utf8)) }
            let result = try train(current)
            finished.append(runs.entry(k, result: result))
            try runs.write(FoldSummary(model: config.model, folds: count, runs: finished))
            if !json { print("\(current.run.path): \(Self.summary(result))") }
        }
        let summary = FoldSummary(model: config.model, folds: count, runs: finished)
        if json {
            print(String(decoding: try JSONOutput.encode(summary), as: UTF8.self))
        } else {
            print(
                "\(runs.summaryPath): \(count) folds, "
                    + (summary.meanTestAccuracy.map { String(format: "mean test accuracy %.3f", $0) }
                        ?? "no test splits"))
        }
    }
}
