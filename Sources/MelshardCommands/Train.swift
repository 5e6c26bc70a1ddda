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
    @Option(
        help: ArgumentHelp(
            "k-fold builds: `all` trains every fold in turn, each in PARENT/fold-K, with PARENT/folds.json listing them.",
            valueName: "all"))
    var folds: String?
    @Option(help: "Dual-task builds: train on this task alone, a single-task network with its classes as outputs.")
    var task: String?
    @Option(help: "Threads for the kernels (default 1); results are the same for any count.") var threads: Int?
    @Option(
        parsing: .unconditional, help: "The seed of initial weights, shuffles and dropout (default 0).",
        transform: NumberArgument.seed)
    var seed: UInt64?
    @Option(help: "A checkpoint every N steps, besides each epoch's end (default 200).") var checkpointEvery: Int?
    @Option(
        name: .customLong("run"),
        help:
            "The run folder (default OUT/runs/MODEL[-TASK][-foldK]); with --folds all, the parent (default OUT/runs/MODEL[-TASK]-folds)."
    )
    var runFolder: String?
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Any setting of docs/train.md as KEY=VALUE (repeatable), e.g. --set weight_decay=5e-4; the options above win.",
            valueName: "KEY=VALUE"))
    var settings: [String] = []

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
        if let folds {
            guard folds == "all" else {
                throw ValidationError("--folds \(folds): expected all (or --fold K for one fold)")
            }
            if fold != nil { throw ValidationError("--folds all and --fold \(fold!): give one or the other") }
        }
    }

    func run() throws {
        if listModels {
            // The same table as `melshard models`, of which this flag is the older spelling.
            print(Models.table(NetworkRegistry.entries.map { NetworkDescription($0) }))
            return
        }
        let output = absolute(self.output!)
        let (config, sources) = try layeredSettings(output: output)
        if folds != nil {
            try trainAllFolds(config: config, sources: sources, output: output)
            return
        }
        let folder = RunFolder(
            path: absolute(
                runFolder ?? "\(output)/runs/\(Self.runName(config))\(config.fold.map { "-fold\($0)" } ?? "")"))
        let trainer = try Trainer(config: config, sources: sources, output: output, run: folder)
        let result = try train(trainer)
        if json {
            print(String(decoding: try JSONOutput.encode(result), as: UTF8.self))
        } else {
            print("\(folder.path): \(Self.summary(result))")
        }
    }

    /// The settings: the defaults, then the recipe's `[train]` table as the card carries it, then
    /// `--set`, then the named options; and where each came from, for the run's `config.json`.
    func layeredSettings(output: String) throws -> (TrainConfig, [String: TrainSettingSource]) {
        let recipe = TrainTable.fromCard(outputDirectory: output)
        var commandLine = TrainTable(config: recipe?.config ?? TrainConfig(model: ""), keys: [])
        var given: [(String, String)] = try settings.map { assignment in
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--set \(assignment): expected KEY=VALUE, e.g. --set weight_decay=5e-4")
            }
            return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
        }
        let options: [(String, String?)] = [
            ("model", model), ("epochs", epochs.map(String.init)), ("batch_size", batch.map(String.init)),
            ("learning_rate", lr.map { "\($0)" }), ("optimizer", optimizer), ("fold", fold.map(String.init)),
            ("task", task),
            ("threads", threads.map(String.init)), ("seed", seed.map(String.init)),
            ("checkpoint_every", checkpointEvery.map(String.init)),
        ]
        given += options.compactMap { key, value in value.map { (key, $0) } }
        do {
            for (key, value) in given { try commandLine.set(key, to: value) }
        } catch {
            throw ValidationError("--set \(error)")
        }
        guard !commandLine.config.model.isEmpty else {
            throw ValidationError(
                "missing --model (the recipe has no [train] model); known models: \(NetworkRegistry.names.joined(separator: ", "))"
            )
        }
        let sources = TrainSettingSource.sources(recipe: recipe?.keys ?? [], commandLine: commandLine.keys)
        return (commandLine.config, sources)
    }

    /// Trains (or resumes) one run, printing its progress unless `--json`.
    func train(_ trainer: Trainer) throws -> RunResult {
        let config = trainer.config, folder = trainer.run
        // A finished run is read back, not trained: leave every file of it as it is, curves included.
        let finished = folder.isComplete
        let progress = ProgressPrinter()
        if !json {
            progress.note(
                "train \(config.model) (\(trainer.network.parameterCount) parameters) on \(trainer.dataset.output) → \(folder.path)"
            )
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
        if !finished { drawCurves(folder, title: config.model) }
        return result
    }

    /// One line for a finished run: its steps, epochs, best epoch and test accuracy.
    /// A run's default folder name: the model, and the task of a single-task run.
    static func runName(_ config: TrainConfig) -> String {
        config.model + (config.task.map { "-\($0)" } ?? "")
    }

    static func summary(_ result: RunResult) -> String {
        var test =
            result.testAccuracy.map {
                String(
                    format: "test accuracy %.3f, loss %.4f on %d clips", $0, result.testLoss ?? .nan, result.testClips)
            }
            ?? "no test split"
        if let tasks = result.testTaskAccuracy {
            test +=
                " (" + tasks.keys.sorted().map { String(format: "%@ %.3f", $0, tasks[$0]!) }.joined(separator: ", ")
                + ")"
        }
        return "\(result.steps) steps, \(result.epochs) epoch(s)\(result.stoppedEarly ? " (stopped early)" : ""), "
            + "best epoch \(result.bestEpoch.map { String($0 + 1) } ?? "-"), \(test)"
    }

    /// Redraws `curves.png` from the metrics so far; a picture is not worth failing a run for.
    func drawCurves(_ folder: RunFolder, title: String) {
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
