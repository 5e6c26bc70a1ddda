import BLAS
import Foundation
import MelshardCore
import NN
import TrainSettings

/// Trains a network on a build output into a run folder (docs/train.md).
///
/// Every check that can fail (settings, card, shards, model name, shapes, splits) runs in
/// `init`, before the run folder exists. `run()` then creates the folder or resumes the run in
/// it from its newest complete checkpoint, and trains: each step is a pure function of the
/// weights, the optimiser's state, the batch (a function of seed, epoch and position) and the
/// step number (dropout's draws), so an interrupted and resumed run ends with the same bytes as
/// an uninterrupted one.
public final class Trainer {
    /// What the trainer reports as it goes, for a progress bar or plain lines.
    public enum Event {
        case started(resumedAtStep: Int?, stepsPerEpoch: Int, totalSteps: Int)
        case step(step: Int, epoch: Int, loss: Double, accuracy: Double, learningRate: Double, samplesPerSecond: Double)
        case epoch(MetricsLog.Epoch)
        case checkpoint(path: String)
        /// A damaged or incomplete checkpoint passed over when resuming (why, in one line).
        case skippedCheckpoint(String)
        case finished(RunResult)
    }

    public let config: TrainConfig
    /// Where each setting came from, for `config.json` (`TrainSettingSource.sources`); nil leaves it out.
    public let sources: [String: TrainSettingSource]?
    public let dataset: ShardDataset
    public let network: Network
    public let run: RunFolder
    let trainLoader: DataLoader
    let validationLoader: DataLoader?
    let testLoader: DataLoader?
    let loss: any Loss
    let multiLabel: Bool

    /// Checks everything that can be checked before a run folder is made.
    public init(
        config: TrainConfig, sources: [String: TrainSettingSource]? = nil, output: String, run: RunFolder
    ) throws(TrainError) {
        let problems = config.problems()
        guard problems.isEmpty else { throw .settings(problems.map(\.description)) }
        let dataset: ShardDataset
        do { dataset = try ShardDataset(outputDirectory: output, fold: config.fold, task: config.task) } catch {
            throw .dataset("\(error)")
        }
        guard dataset.clipCount(.train) > 0 else {
            throw .dataset(
                "train: \(output) has no clips in the train split; a run needs them (check the recipe's [splits])")
        }
        if config.schedule == .plateau || config.earlyStoppingPatience != nil, dataset.clipCount(.validation) == 0 {
            throw .dataset(
                "train: \(output) has no validation clips, which schedule = \"plateau\" and early_stopping_patience need"
            )
        }
        let card = dataset.card
        if card.labelSpace == "separate" && dataset.task == nil {
            // One head cannot serve two label lists whose indices overlap.
            throw .dataset(
                "train: \(output) is a dual-task dataset with label_space = \"separate\", which needs a network with one head "
                    + "per task; the networks here have one head: rebuild with label_space = \"combined\", "
                    + "or train on one task with --task NAME")
        }
        multiLabel = card.task == .multiLabel
        let classes = dataset.classNames.count
        let inputShape = [1] + card.features.shape
        let network = try NetworkRegistry.make(
            config.model, inputShape: inputShape, classes: classes, seed: config.seed)
        do throws(ShapeError) {
            let output = try network.outputShape(batch: config.batchSize)
            guard output == [config.batchSize, classes] else {
                throw ShapeError(
                    layer: "output", kind: network.name, input: [config.batchSize] + inputShape,
                    reason:
                        "gives \(output.shapeDescription), not [\(config.batchSize), \(classes)] for \(classes) classes"
                )
            }
        } catch {
            throw .shape(model: config.model, input: inputShape, error)
        }
        self.config = config
        self.sources = sources
        self.dataset = dataset
        self.network = network
        self.run = run
        let normalisation = LoaderOptions.Normalisation(rawValue: config.normalisation.rawValue) ?? .global
        let batching = LoaderOptions.TaskBatching(rawValue: config.batches.rawValue) ?? .mixed
        func loader(_ split: Split, _ order: LoaderOptions.Order, dropLast: Bool) throws(TrainError) -> DataLoader? {
            guard dataset.clipCount(split) > 0 else { return nil }
            let options = LoaderOptions(
                batchSize: config.batchSize, order: order, normalisation: normalisation,
                dropLast: dropLast, taskBatching: split == .train ? batching : .mixed)
            do { return try dataset.loader(split, options) } catch { throw .dataset("\(error)") }
        }
        trainLoader = try loader(.train, .shuffled(seed: config.seed), dropLast: config.dropLast)!
        validationLoader = try loader(.validation, .sequential, dropLast: false)
        testLoader = try loader(.test, .sequential, dropLast: false)
        loss = TrainingStep.loss(config, multiLabel: multiLabel)
    }
}
