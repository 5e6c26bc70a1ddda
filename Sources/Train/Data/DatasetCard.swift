import Foundation

/// What training needs from a build's `dataset.json`, read as a Python user reads it.
///
/// The card is written by `Sources/Build/Shards/DatasetCard.swift` and documented field by field in
/// docs/shards.md; this is a read-only view of the fields a loader uses, so new card fields
/// never break it. Unknown fields are ignored; missing required ones are errors.
public struct DatasetCard: Decodable, Sendable {
    /// The card's `task`: one class per clip (`labels` is `I32 [clips]`) or several
    /// (`labels` is `U8 [clips, classes]`, multi-hot).
    public enum TaskKind: String, Decodable, Sendable {
        case singleLabel = "single-label"
        case multiLabel = "multi-label"
    }

    public struct Features: Decodable, Sendable {
        /// `float16` or `float32`: the dtype of every shard's `features` tensor.
        public var dtype: String
        /// `[bands, frames]` of one clip (`[height, width]` after a resize).
        public var shape: [Int]
        /// `clip,band,frame`.
        public var layout: String
    }

    /// One entry of `shards`, in the card's order (train, validation, test, then by name).
    public struct Shard: Decodable, Sendable, Equatable {
        public var name: String
        /// Relative to the output directory: `shards/NAME.safetensors`.
        public var file: String
        public var split: String
        public var clips: Int
        public var sha256: String
    }

    /// Mean and standard deviation of the train split's stored values (docs/shards.md).
    public struct Normalisation: Decodable, Sendable {
        public struct PerBand: Decodable, Sendable {
            public var mean: [Double]
            public var std: [Double]
        }

        public var split: String
        public var count: Int
        public var mean: Double
        public var std: Double
        /// One value per feature row (`features.shape[0]`).
        public var perBand: PerBand

        enum CodingKeys: String, CodingKey {
            case split, count, mean, std
            case perBand = "per_band"
        }
    }

    public struct SplitCounts: Decodable, Sendable {
        public var clips: Int
    }

    /// A task of a dual-task dataset: the `tasks` tensor's value `i` is `tasks[i]`.
    public struct Task: Decodable, Sendable {
        public var name: String
        /// Its classes; under `label_space = "separate"` a clip's label indexes this list.
        public var labels: [String]
    }

    /// The part of `balance` a loader reads: K of a k-fold build, to recognise one whose
    /// shards predate the `folds` tensor.
    public struct Balance: Decodable, Sendable {
        public var folds: Int?
    }

    public var format: String
    public var formatVersion: Int
    public var name: String
    public var task: TaskKind
    /// Class names; the position is the class index in `labels` tensors.
    public var labels: [String]
    public var features: Features
    public var splits: [String: SplitCounts]
    public var shards: [Shard]
    /// Absent when the build has no train shard.
    public var normalisation: Normalisation?
    /// Dual-task datasets only: `combined` or `separate`.
    public var labelSpace: String?
    /// Dual-task datasets only.
    public var tasks: [Task]?
    /// K for a k-fold build, whose shards carry a `folds` tensor; absent otherwise.
    public var folds: Int?
    public var balance: Balance?

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case name, task, labels, features, splits, shards, normalisation
        case labelSpace = "label_space"
        case tasks, folds, balance
    }

    public static let fileName = "dataset.json"
    public static let formatName = "melshard-dataset"
    public static let supportedVersion = 1

    /// The width of a multi-hot `labels` row: every class, or under separate label spaces the
    /// largest task's.
    public var labelWidth: Int {
        if labelSpace == "separate", let tasks { return tasks.map(\.labels.count).max() ?? 0 }
        return labels.count
    }

    /// A dual-task card's tasks, each as its classes' indices in `labels`, ascending: the
    /// columns of a one-head network's output that are the task's own (`label_space =
    /// "combined"`, where a class name two tasks share is one class). Nil for one task.
    public var taskClassIndices: [[Int]]? {
        guard let tasks else { return nil }
        var position: [String: Int] = [:]
        for (i, name) in labels.enumerated() where position[name] == nil { position[name] = i }
        return tasks.map { Set($0.labels.compactMap { position[$0] }).sorted() }
    }

    /// Reads and checks `OUT/dataset.json`.
    ///
    /// - Throws: `DataError` with code `.missingCard`, `.unreadableCard` (not JSON, or a field
    ///   missing or of the wrong type, named by its path) or `.wrongFormat`.
    public static func load(outputDirectory output: String) throws(DataError) -> DatasetCard {
        let path = output + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw DataError(
                exists ? .unreadableCard : .missingCard, path: path,
                problem: exists ? "cannot be read" : "no dataset card", fix: DataError.Fix.build(output))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw DataError(
                .unreadableCard, path: path, problem: "not a JSON object", fix: DataError.Fix.rebuild(output))
        }
        guard object["format"] as? String == formatName else {
            throw DataError(
                .wrongFormat, path: path,
                problem: "format is \(object["format"].map { "\($0)" } ?? "missing"), "
                    + "not \"\(formatName)\": not a melshard dataset card", fix: DataError.Fix.build(output))
        }
        let card: DatasetCard
        do {
            card = try JSONDecoder().decode(DatasetCard.self, from: data)
        } catch {
            throw DataError(
                .unreadableCard, path: path, problem: Self.describe(error), fix: DataError.Fix.rebuild(output))
        }
        guard card.formatVersion == supportedVersion else {
            throw DataError(
                .wrongFormat, path: path,
                problem: "format_version \(card.formatVersion); this melshard reads \(supportedVersion)",
                fix: "rebuild with this melshard, or train with the melshard that built it")
        }
        try card.check(path: path, output: output)
        return card
    }

    /// What the decoder cannot check: sizes that must agree with each other.
    private func check(path: String, output: String) throws(DataError) {
        func wrong(_ problem: String) -> DataError {
            DataError(.unreadableCard, path: path, problem: problem, fix: DataError.Fix.rebuild(output))
        }
        guard features.shape.count == 2, features.shape.allSatisfy({ $0 > 0 }) else {
            throw wrong("features.shape is \(features.shape), expected [bands, frames]")
        }
        guard features.dtype == "float16" || features.dtype == "float32" else {
            throw wrong("features.dtype is \"\(features.dtype)\", expected \"float16\" or \"float32\"")
        }
        guard !labels.isEmpty else { throw wrong("labels is empty") }
        if let normalisation {
            let bands = features.shape[0]
            guard normalisation.perBand.mean.count == bands, normalisation.perBand.std.count == bands else {
                throw wrong(
                    "normalisation.per_band has \(normalisation.perBand.mean.count) means and "
                        + "\(normalisation.perBand.std.count) deviations for \(bands) bands")
            }
        }
        if let folds, folds < 2 { throw wrong("folds is \(folds), expected K ≥ 2") }
    }

    /// A decoding error as one line naming the field: `field shards[2].clips: expected Int`.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            let parent = path(context.codingPath)
            return "field \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue) is missing"
        case .typeMismatch(let type, let context)?:
            return "field \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context)?:
            return "field \(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context)?:
            return "field \(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
