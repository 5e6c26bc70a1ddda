import Foundation
import NN
import Train
import TrainSettings

/// A run folder opened for a lesion or similarity study: the network rebuilt from
/// `NetworkRegistry` with the `best/` checkpoint's weights (the newest step checkpoint when there
/// is no best), the build output it trained on, and loaders that standardise inputs as training
/// did. Reads `config.json` (`train`, `dataset.output`, `model`) and the checkpoint through
/// Train's public API, and the build output through `dataset.json` and the shards.
public struct StudyRun {
    public let folder: String
    public let network: Network
    public let dataset: ShardDataset
    /// The checkpoint folder the weights came from.
    public let checkpoint: String
    public let normalisation: LoaderOptions.Normalisation

    private struct Record: Decodable {
        struct Dataset: Decodable { var output: String }
        struct Model: Decodable { var name: String, classes: Int }
        var train: TrainConfig?
        var dataset: Dataset?
        var model: Model
    }

    /// Opens `folder`, measured on `output` (default: the build output the run trained on).
    ///
    /// - Throws: `LesionError.run` naming the file and the reason: no `config.json`, no
    ///   checkpoint, weights that do not fit, or a build output whose classes or clips differ.
    public init(folder: String, output: String? = nil) throws(LesionError) {
        let run = RunFolder(path: folder)
        guard let data = FileManager.default.contents(atPath: run.configPath) else {
            throw .run(
                "\(run.configPath): no run configuration; give a folder made by melshard train or import-weights")
        }
        let record: Record
        do { record = try JSONDecoder().decode(Record.self, from: data) } catch {
            throw .run("\(run.configPath): not a melshard run configuration (\(error))")
        }
        guard let outputPath = output ?? record.dataset?.output else {
            throw .run("\(run.configPath): names no build output; give one with --output OUT")
        }
        do {
            dataset = try ShardDataset(outputDirectory: outputPath, fold: record.train?.fold)
        } catch {
            throw .run("\(error)")
        }
        let classes = dataset.card.labels.count
        guard classes == record.model.classes else {
            throw .run(
                "\(outputPath)/\(DatasetCard.fileName): \(classes) classes, but \(record.model.name) in \(folder) "
                    + "has \(record.model.classes) outputs")
        }
        do {
            network = try NetworkRegistry.make(
                record.model.name, inputShape: [1] + dataset.card.features.shape, classes: classes, seed: 0)
            _ = try network.outputShape(batch: 1)
        } catch {
            throw .run("\(run.configPath): \(error)")
        }
        let store = CheckpointStore(folder: run.checkpointsPath, keep: 1)
        do {
            guard let chosen = try store.loadBest() ?? store.newest().checkpoint else {
                throw LesionError.run("\(run.checkpointsPath): no complete checkpoint")
            }
            try chosen.restoreModel(into: network)
            checkpoint = chosen.path
        } catch let error as LesionError {
            throw error
        } catch {
            throw .run("\(error)")
        }
        self.folder = folder
        let kind = record.train?.normalisation ?? .global
        normalisation = LoaderOptions.Normalisation(rawValue: kind.rawValue) ?? .global
    }

    /// A loader over `split` in the card's order.
    public func loader(_ split: Split, batchSize: Int = 32) throws(LesionError) -> DataLoader {
        guard dataset.clipCount(split) > 0 else {
            throw .run("\(dataset.output)/\(DatasetCard.fileName): the \(split.rawValue) split has no clips")
        }
        do {
            return try dataset.loader(
                split, LoaderOptions(batchSize: batchSize, order: .sequential, normalisation: normalisation))
        } catch {
            throw .run("\(error)")
        }
    }
}
