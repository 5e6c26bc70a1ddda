import Foundation
import MelshardCore
import NN
import TrainSettings

/// `config.json`: what a run was started with. A restart compares it with the new command's,
/// so a run resumes only under the settings that began it.
struct RunRecord: Codable, Equatable {
    struct Dataset: Codable, Equatable {
        var output: String
        var name: String
        var cardSHA256: String
        enum CodingKeys: String, CodingKey { case output, name, cardSHA256 = "card_sha256" }
    }

    struct Model: Codable, Equatable {
        var name: String
        var inputShape: [Int]
        var classes: Int
        var parameters: Int
        enum CodingKeys: String, CodingKey { case name, classes, parameters, inputShape = "input_shape" }
    }

    var format = "melshard-run"
    var formatVersion = 1
    var train: TrainConfig
    /// Where each key of `train` came from (default, recipe, command line); nil for a run
    /// started without saying (a benchmark's). Not compared on restart: only the values matter.
    var trainSources: [String: TrainSettingSource]?
    var dataset: Dataset
    var model: Model
    var melshardVersion = MelshardVersion.current

    enum CodingKeys: String, CodingKey {
        case format, train, dataset, model
        case formatVersion = "format_version", melshardVersion = "melshard_version", trainSources = "train_sources"
    }

    init(config: TrainConfig, sources: [String: TrainSettingSource]?, dataset: ShardDataset, network: Network) {
        train = config
        trainSources = sources
        let card = dataset.output + "/" + DatasetCard.fileName
        self.dataset = Dataset(
            output: dataset.output, name: dataset.card.name,
            cardSHA256: (try? SHA256Digest.hex(ofFile: card)) ?? "")
        model = Model(
            name: network.name, inputShape: network.inputShape, classes: dataset.classNames.count,
            parameters: network.parameterCount)
    }

    /// What differs from `other`, as `key: saved → given`, for the message that refuses a resume.
    func differences(from other: RunRecord) -> [String] {
        var found: [String] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func fields<T: Encodable>(_ value: T) -> [String: String] {
            guard let data = try? encoder.encode(value),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return object.mapValues { "\($0)" }
        }
        // Threads change no result (every product is split by shape, not by thread count), so a
        // run may resume with another --threads.
        let mine = fields(train), theirs = fields(other.train)
        for key in Set(mine.keys).union(theirs.keys).sorted() where key != "threads" && mine[key] != theirs[key] {
            found.append("\(key): \(mine[key] ?? "unset") → \(theirs[key] ?? "unset")")
        }
        if dataset.cardSHA256 != other.dataset.cardSHA256 {
            found.append("the dataset's card changed (rebuilt since the run started)")
        }
        if model != other.model { found.append("model: \(model.name) → \(other.model.name)") }
        return found
    }
}

/// `result.json`: how a finished run did. Its presence marks the run complete.
public struct RunResult: Codable, Equatable, Sendable {
    public var steps: Int
    public var epochs: Int
    /// The epoch whose weights are kept as `best` (the lowest validation loss), nil without any.
    public var bestEpoch: Int?
    public var stoppedEarly: Bool
    public var validationLoss: Double?
    /// The test split's mean loss and accuracy with the best weights; nil without a test split.
    public var testLoss: Double?
    public var testAccuracy: Double?
    public var testClips: Int
    /// Dual-task runs over every task: each task's test accuracy among its own classes, by task
    /// name (`TaskAccuracy`); nil otherwise.
    public var testTaskAccuracy: [String: Double]? = nil

    enum CodingKeys: String, CodingKey {
        case testTaskAccuracy = "test_task_accuracy"
        case steps, epochs
        case bestEpoch = "best_epoch", stoppedEarly = "stopped_early", validationLoss = "validation_loss"
        case testLoss = "test_loss", testAccuracy = "test_accuracy", testClips = "test_clips"
    }
}
