import Foundation
import MelshardCore
import NN
import Train
import TrainSettings

/// A run folder opened for evaluation: its configuration, the network rebuilt from
/// `NetworkRegistry` with a checkpoint's weights, and the build output it is measured on.
///
/// The build output is the one the run was trained on (`config.json` → `dataset.output`), whose
/// `dataset.json` must still have the sha256 it had then, so a rebuilt dataset cannot give a
/// test split the network may have trained on; or, given explicitly (`output:`), any build
/// whose clips the network takes, which is how imported weights are evaluated. Like `Train`,
/// it reads the output through `dataset.json` and the shards only. A k-fold run is measured on
/// its own fold (`train.fold`). Inputs are standardised as the run trained them
/// (`train.normalisation`; `global` for imported weights, the studies' choice).
public final class LoadedRun {
    public let folder: String
    public let configuration: RunConfiguration
    /// The checkpoint folder the weights came from.
    public let checkpoint: String
    /// In eval mode whenever it is run with `ForwardContext.evaluation`.
    public let network: Network
    public let dataset: ShardDataset
    /// How the loader standardises inputs.
    public let normalisation: LoaderOptions.Normalisation

    /// Opens `folder` and checks that its weights and the build output fit each other.
    ///
    /// - Parameters:
    ///   - folder: a run folder (`melshard train` or `melshard import-weights`).
    ///   - checkpoint: `best/` (default) or the newest step checkpoint.
    ///   - output: the build output to measure on; nil for the one the run trained on.
    /// - Throws: `EvaluationError`: `.notARun`, `.checkpoint` (none, damaged, or tensors that do
    ///   not fit), `.dataset` (the card or a shard, a changed card, classes or shapes that differ).
    public init(folder: String, checkpoint: CheckpointChoice = .best, output: String? = nil) throws(EvaluationError) {
        let configuration = try RunConfiguration.load(run: folder)
        let configPath = folder + "/" + RunConfiguration.fileName
        guard let outputPath = output ?? configuration.dataset?.output else {
            throw EvaluationError(
                .dataset, path: configPath, problem: "imported weights name no build output",
                fix: "give the build to evaluate on with --output OUT")
        }
        let dataset: ShardDataset
        do {
            dataset = try ShardDataset(
                outputDirectory: outputPath, fold: configuration.train?.fold, task: configuration.train?.task)
        } catch {
            throw EvaluationError(.dataset, path: error.path, problem: error.problem, fix: error.fix)
        }
        let cardPath = outputPath + "/" + DatasetCard.fileName
        if output == nil, let trained = configuration.dataset?.cardSHA256 {
            let now = (try? SHA256Digest.hex(ofFile: cardPath)) ?? ""
            guard now == trained else {
                throw EvaluationError(
                    .dataset, path: cardPath,
                    problem:
                        "changed since the run trained on it (sha256 \(now.prefix(12))…, "
                        + "the run's \(trained.prefix(12))…)",
                    fix: "evaluate on another build with --output OUT, or train again")
            }
        }
        let card = dataset.card
        if card.labelSpace == "separate" && dataset.task == nil {
            throw EvaluationError(
                .dataset, path: cardPath,
                problem:
                    "a dual-task dataset with label_space = \"separate\", which no one-head network was trained on",
                fix: "rebuild with label_space = \"combined\"")
        }
        let model = configuration.model
        guard model.classes == dataset.classNames.count else {
            throw EvaluationError(
                .dataset, path: cardPath,
                problem:
                    "\(dataset.classNames.count) classes, but \(model.name) in \(folder) has \(model.classes) outputs",
                fix: "evaluate on a build with the run's classes")
        }
        let inputShape = [1] + card.features.shape
        let network: Network
        do {
            network = try NetworkRegistry.make(model.name, inputShape: inputShape, classes: model.classes, seed: 0)
            let outputs = try network.outputShape(batch: 1)
            guard outputs == [1, model.classes] else {
                throw EvaluationError(
                    .dataset, path: cardPath,
                    problem: "\(model.name) gives outputs of shape \(outputs) on clips of shape \(inputShape), "
                        + "not [1, \(model.classes)]")
            }
        } catch let error as EvaluationError {
            throw error
        } catch let error as TrainError {
            throw EvaluationError(.dataset, path: cardPath, problem: "\(error)")
        } catch {
            throw EvaluationError(
                .dataset, path: cardPath,
                problem: "clips of shape \(inputShape) do not fit \(model.name): \(error)")
        }
        let store = CheckpointStore(folder: folder + "/checkpoints", keep: 1)
        let chosen: Checkpoint
        do {
            switch checkpoint {
            case .best:
                guard let best = try store.loadBest() else {
                    throw EvaluationError(
                        .checkpoint, path: store.folder, problem: "no best/ checkpoint",
                        fix: "finish the run with melshard train, or pass --checkpoint last")
                }
                chosen = best
            case .last:
                let (newest, skipped) = store.newest()
                guard let newest else {
                    throw EvaluationError(
                        .checkpoint, path: store.folder,
                        problem: "no complete step checkpoint" + (skipped.first.map { " (\($0))" } ?? ""))
                }
                chosen = newest
            }
            try chosen.restoreModel(into: network)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError(.checkpoint, path: folder, problem: "\(error)")
        }
        self.folder = folder
        self.configuration = configuration
        self.checkpoint = chosen.path
        self.network = network
        self.dataset = dataset
        let kind = configuration.train?.normalisation ?? .global
        normalisation = LoaderOptions.Normalisation(rawValue: kind.rawValue) ?? .global
    }

    /// A loader over `split` in the card's order, standardised as the run trained.
    ///
    /// - Throws: `.emptySplit` when the split has no clips.
    public func loader(_ split: Split, batchSize: Int = 32) throws(EvaluationError) -> DataLoader {
        guard batchSize >= 1 else {
            throw EvaluationError(
                .invalidOption, path: folder, problem: "batch size \(batchSize)", fix: "use 1 or more")
        }
        guard dataset.clipCount(split) > 0 else {
            throw EvaluationError(
                .emptySplit, path: dataset.output + "/" + DatasetCard.fileName,
                problem: (dataset.fold.map { "fold \($0)'s " } ?? "") + "\(split.rawValue) split has no clips",
                fix: "evaluate another split with --split")
        }
        do {
            return try dataset.loader(
                split, LoaderOptions(batchSize: batchSize, order: .sequential, normalisation: normalisation))
        } catch {
            throw EvaluationError(.dataset, path: error.path, problem: error.problem, fix: error.fix)
        }
    }
}
