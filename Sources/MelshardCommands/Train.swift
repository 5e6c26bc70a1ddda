import ArgumentParser
import BLAS
import Foundation
import Pictures
import Train
import TrainSettings

/// `melshard train OUT --model NAME`: trains a network on a build output into a run folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on a build output's shards (CPU), resumable and deterministic.",
        discussion: """
            Settings come from the defaults, then the recipe's [train] table (kept in OUT/dataset.json), \
            then these options. Writes a run folder (default OUT/runs/MODEL, or OUT/runs/MODEL-foldK): config.json, \
            metrics.sqlite, checkpoints/, curves.png and, at the end, result.json. Run the same \
            command again after an interruption and it resumes from the newest checkpoint, ending \
            with the same weights as an uninterrupted run. Every setting and its default: docs/train.md.
            """)

    @Argument(help: "An output directory of `melshard build` (its dataset.json and shards).")
    var output: String?

    @Option(help: "The network (see melshard models); default: the recipe's [train] model.")
    var model: String?

    @Flag(help: "List the networks and exit (the same as melshard models).")
    var listModels = false

    @Option(help: "Epochs (default 10).") var epochs: Int?
    @Option(help: "Clips per batch (default 32).") var batch: Int?
    @Option(help: "Learning rate (default 0.001).") var lr: Double?
    @Option(help: "adam, adamw or sgd (default adam).") var optimizer: String?
    @Option(help: "k-fold builds: test on this fold, validate on the next, train on the rest.") var fold: Int?
    @Option(help: "Threads for the kernels (default 1); results are the same for any count.") var threads: Int?
    @Option(
        parsing: .unconditional, help: "The seed of initial weights, shuffles and dropout (default 0).",
        transform: NumberArgument.seed)
    var seed: UInt64?
    @Option(help: "A checkpoint every N steps, besides each epoch's end (default 200).") var checkpointEvery: Int?
    @Option(name: .customLong("run"), help: "The run folder (default OUT/runs/MODEL[-foldK]).") var runFolder: String?

    @Flag(help: "Print the result as JSON (default: off, a summary).")
    var json = false

    func validate() throws {
        if listModels { return }
        guard output != nil else {
            throw ValidationError("missing the build output directory: melshard train OUT --model NAME")
        }
        if let optimizer, TrainConfig.OptimizerKind(rawValue: optimizer) == nil {
            throw ValidationError("--optimizer \(optimizer): expected adam, adamw or sgd")
        }
    }

    func run() throws {
        if listModels {
            // The same table as `melshard models`, of which this flag is the older spelling.
            print(Models.table(NetworkRegistry.entries.map { NetworkDescription($0) }))
            return
        }
        let output = absolute(self.output!)
        // Defaults, then the recipe's [train] table as the card carries it, then the options given.
        var config = TrainConfig.fromCard(outputDirectory: output) ?? TrainConfig(model: "")
        if let model { config.model = model }
        guard !config.model.isEmpty else {
            throw ValidationError(
                "missing --model (the recipe has no [train] model); known models: \(NetworkRegistry.names.joined(separator: ", "))"
            )
        }
        if let epochs { config.epochs = epochs }
        if let batch { config.batchSize = batch }
        if let lr { config.learningRate = lr }
        if let optimizer { config.optimizer = TrainConfig.OptimizerKind(rawValue: optimizer)! }
        if let fold { config.fold = fold }
        if let threads { config.threads = threads }
        if let seed { config.seed = seed }
        if let checkpointEvery { config.checkpointEvery = checkpointEvery }
        let folder = RunFolder(
            path: absolute(runFolder ?? "\(output)/runs/\(config.model)\(config.fold.map { "-fold\($0)" } ?? "")"))

        let trainer = try Trainer(config: config, output: output, run: folder)
        let progress = ProgressPrinter()
        if !json {
            progress.note(
                "train \(config.model) (\(trainer.network.parameterCount) parameters) on \(output) → \(folder.path)")
            progress.note(
                "OpenBLAS \(BLAS.coreName), \(config.threads) thread(s), \(config.optimizer.rawValue) lr \(config.learningRate), "
                    + "batch \(config.batchSize), \(config.epochs) epoch(s), seed \(config.seed)")
        }
        var totalSteps = 0
        let result = try trainer.train { event in
            guard !json else { return }
            switch event {
            case .started(let resumed, _, let total):
                totalSteps = total
                if let resumed { progress.note("resuming at step \(resumed)") }
            case .step(let step, let epoch, let loss, _, _, let speed):
                progress.show(stage: "train", done: step, total: totalSteps) { _ in
                    String(
                        format: "epoch %d, step %d/%d, loss %.4f, %.0f clips/s", epoch + 1, step, totalSteps, loss,
                        speed)
                }
            case .epoch(let e):
                let validation =
                    e.validationLoss.map {
                        String(format: ", validation loss %.4f accuracy %.3f", $0, e.validationAccuracy ?? .nan)
                    } ?? ""
                progress.note(
                    String(
                        format: "epoch %d: train loss %.4f accuracy %.3f%@ (lr %g, %.1f s)", e.epoch + 1, e.trainLoss,
                        e.trainAccuracy, validation, e.learningRate, e.seconds))
                drawCurves(folder, title: config.model)
            case .skippedCheckpoint(let why):
                progress.note("skipped a damaged checkpoint: \(why)")
            case .checkpoint, .finished:
                break
            }
        }
        drawCurves(folder, title: config.model)
        if json {
            print(String(decoding: try JSONOutput.encode(result), as: UTF8.self))
        } else {
            let test =
                result.testAccuracy.map {
                    String(
                        format: "test accuracy %.3f, loss %.4f on %d clips", $0, result.testLoss ?? .nan,
                        result.testClips)
                }
                ?? "no test split"
            print(
                "\(folder.path): \(result.steps) steps, \(result.epochs) epoch(s)\(result.stoppedEarly ? " (stopped early)" : ""), "
                    + "best epoch \(result.bestEpoch.map { String($0 + 1) } ?? "-"), \(test)")
        }
    }

    /// Redraws `curves.png` from the metrics so far; a picture is not worth failing a run for.
    private func drawCurves(_ folder: RunFolder, title: String) {
        guard let log = try? MetricsLog(path: folder.metricsPath), let steps = try? log.steps(),
            let epochs = try? log.epochs()
        else { return }
        let data = TrainingCurves.Data(
            steps: steps.map { (Double($0.step), $0.loss, $0.accuracy) },
            epochs: epochs.map {
                (Double($0.step), $0.trainLoss, $0.trainAccuracy, $0.validationLoss, $0.validationAccuracy)
            })
        try? TrainingCurves.picture(data, title: title).write(to: folder.curvesPath)
    }
}
