import Foundation
import TrainSettings

/// What evaluation reads of a run's `config.json`: the model, the dataset it was trained on and
/// the training settings, as a read-only view (docs/train.md lists the file's fields).
///
/// Both kinds of run folder are read: a trained run's (`train`, `dataset`, `model`) and one made
/// by `melshard import-weights` (`model` and `imported`, no dataset: the build to measure on is
/// then given by the caller). The file's exact text is kept for the report.
public struct RunConfiguration: Sendable {
    public struct Model: Decodable, Sendable, Equatable {
        public var name: String
        /// `[channels, bands, frames]` the network was built for.
        public var inputShape: [Int]
        public var classes: Int
        /// Trainable parameters.
        public var parameters: Int

        enum CodingKeys: String, CodingKey { case name, classes, parameters, inputShape = "input_shape" }
    }

    public struct Dataset: Decodable, Sendable, Equatable {
        /// The build output trained on, as given to `melshard train`.
        public var output: String
        public var name: String
        /// The sha256 of the `dataset.json` trained on.
        public var cardSHA256: String

        enum CodingKeys: String, CodingKey { case output, name, cardSHA256 = "card_sha256" }
    }

    private struct File: Decodable {
        struct Imported: Decodable { var file: String }
        var format: String
        var model: Model
        var dataset: Dataset?
        var train: TrainConfig?
        var imported: Imported?
    }

    public static let fileName = "config.json"

    public var model: Model
    /// Nil for imported weights.
    public var dataset: Dataset?
    /// Every training setting; nil for imported weights.
    public var train: TrainConfig?
    /// The safetensors file imported weights came from; nil for a trained run.
    public var importedFrom: String?
    /// `config.json` as written, for the report.
    public var text: String

    /// Reads `RUN/config.json`.
    ///
    /// - Throws: `EvaluationError.Code.notARun` when the folder or its `config.json` is missing,
    ///   is not JSON, or is not a melshard run's.
    public static func load(run: String) throws(EvaluationError) -> RunConfiguration {
        let path = run + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            let folder = FileManager.default.fileExists(atPath: run)
            throw EvaluationError(
                .notARun, path: folder ? path : run,
                problem: folder ? "no config.json: not a run folder" : "no such run folder",
                fix: "give a folder made by melshard train or melshard import-weights")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw EvaluationError(
                .notARun, path: path, problem: "cannot be read (\(Self.describe(error)))",
                fix: "give a folder made by melshard train or melshard import-weights")
        }
        guard file.format == "melshard-run" else {
            throw EvaluationError(.notARun, path: path, problem: "format is \"\(file.format)\", not \"melshard-run\"")
        }
        return RunConfiguration(
            model: file.model, dataset: file.dataset, train: file.train, importedFrom: file.imported?.file,
            text: String(decoding: data, as: UTF8.self))
    }

    /// A decoding error as the field it is about: `field model.classes is missing`.
    private static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            let parent = path(context.codingPath)
            return "field \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue) is missing"
        case .typeMismatch(let type, let context)?: return "field \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context)?: return "field \(path(context.codingPath)): expected \(type)"
        case .dataCorrupted(let context)?: return "not JSON: \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
