import Foundation
import Safetensors
import TestSupport
import Testing
import Train

@testable import Evaluate

/// `LesionData(loader:)` and `ClassStimuli.collect` on build outputs written by hand: one shard
/// each, a `dataset.json` with the fields docs/shards.md documents, read through Train's loader.
@Suite struct LesionLoaderTests {
    /// Writes a one-shard test split of `labels.count` clips; clip i's features are all i.
    static func write(
        _ directory: TemporaryDirectory, classes: [String], labels: [[Int]], multiLabel: Bool,
        tasks: [(name: String, labels: [String], of: [Int])]? = nil
    ) throws -> String {
        let root = directory.path
        try FileManager.default.createDirectory(atPath: root + "/shards", withIntermediateDirectories: true)
        let n = labels.count
        var tensors: [SafetensorsTensor] = [
            .float32(
                "features", shape: [n, 2, 3], values: (0..<n).flatMap { [Float](repeating: Float($0), count: 6) }),
            .int64("clip_ids", shape: [n], values: (0..<n).map { Int64($0 + 1) }),
        ]
        if multiLabel {
            var hot = [UInt8](repeating: 0, count: n * classes.count)
            for (i, active) in labels.enumerated() { for c in active { hot[i * classes.count + c] = 1 } }
            tensors.append(.uint8("labels", shape: [n, classes.count], values: hot))
        } else {
            tensors.append(.int32("labels", shape: [n], values: labels.map { Int32($0[0]) }))
        }
        if let tasks {
            tensors.append(.int32("tasks", shape: [n], values: tasks[0].of.map(Int32.init)))
        }
        let bytes = try SafetensorsEncoder.encode(tensors, metadata: ["format": "melshard-shard", "split": "test"])
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/shards/test-0.safetensors"))
        var card: [String: Any] = [
            "format": "melshard-dataset", "format_version": 1, "name": "hand-made",
            "tool": ["name": "melshard", "version": "0.1.0"],
            "task": multiLabel ? "multi-label" : "single-label", "labels": classes,
            "features": [
                "dtype": "float32", "shape": [2, 3], "layout": "clip,band,frame", "clip_samples": 16000,
                "parameters": ["n_mels": 2],
            ],
            "splits": ["test": ["clips": n, "sources": n, "per_label": [String: Int]()]],
            "shards": [
                [
                    "name": "test-0", "file": "shards/test-0.safetensors", "split": "test", "clips": n,
                    "bytes": bytes.count, "sha256": String(repeating: "0", count: 64),
                ]
            ],
            "normalisation": [
                "split": "train", "count": 10, "mean": 0.0, "std": 1.0,
                "per_band": ["mean": [0.0, 0.0], "std": [1.0, 1.0]],
            ],
            "rejects": ["total": 0, "by_code": [String: Int]()],
            "balance": ["multi_label_policy": "keep", "classes": [String: Any]()],
        ]
        if let tasks {
            card["label_space"] = "combined"
            card["tasks"] = tasks.map { ["name": $0.name, "corpora": [$0.name], "labels": $0.labels] }
        }
        try JSONSerialization.data(withJSONObject: card, options: [.sortedKeys])
            .write(to: URL(fileURLWithPath: root + "/dataset.json"))
        return root
    }

    static func loader(_ root: String, batchSize: Int = 2) throws -> DataLoader {
        try ShardDataset(outputDirectory: root).loader(
            .test, LoaderOptions(batchSize: batchSize, order: .sequential, normalisation: .none, prefetch: false))
    }

    @Test func aDualTaskBuildGivesEachTaskItsOwnColumns() throws {
        let directory = TemporaryDirectory("lesion-loader")
        let labels = [[0], [2], [1], [3], [2]]
        let root = try Self.write(
            directory, classes: ["blues", "jazz", "yes", "no"], labels: labels, multiLabel: false,
            tasks: [("music", ["jazz", "blues"], [0, 1, 0, 1, 1]), ("words", ["yes", "no"], [])])
        let data = try LesionData(loader: Self.loader(root))
        #expect(data.taskNames == ["music", "words"])
        #expect(data.taskClasses! == [[0, 1], [2, 3]], "columns found by name, ascending")
        #expect(data.batches.flatMap(\.labels) == [0, 2, 1, 3, 2])
        #expect(data.batches.flatMap(\.tasks) == [0, 1, 0, 1, 1])
        #expect(data.examplesPerTask == [2, 3])
        #expect(data.batches.map(\.inputs.shape) == [[2, 1, 2, 3], [2, 1, 2, 3], [1, 1, 2, 3]])
        #expect(data.batches[1].inputs.values.allSatisfy { $0 == 2 || $0 == 3 })
    }

    @Test func aSingleTaskBuildIsOneTaskOverEveryOutput() throws {
        let directory = TemporaryDirectory("lesion-loader")
        let root = try Self.write(directory, classes: ["a", "b"], labels: [[0], [1], [1]], multiLabel: false)
        let data = try LesionData(loader: Self.loader(root))
        #expect(data.taskNames == ["all"] && data.taskClasses == nil)
        #expect(data.batches.flatMap(\.tasks) == [0, 0, 0])
    }

    @Test func aMultiLabelBuildIsRefusedForLesionsAndGivesSingleLabelStimuli() throws {
        let directory = TemporaryDirectory("lesion-loader")
        let labels = [[0], [0, 1], [1], [0], [2], [1], [0], [1, 2]]
        let root = try Self.write(directory, classes: ["bass", "drums", "vocals"], labels: labels, multiLabel: true)
        #expect(throws: LesionError.self) { try LesionData(loader: Self.loader(root)) }
        let stimuli = try ClassStimuli.collect(Self.loader(root, batchSize: 3), limit: 2)
        // bass alone: clips 0, 3, 6 (limit 2 keeps 0 and 3); drums alone: 2, 5; vocals alone: only 4.
        #expect(stimuli.map(\.name) == ["bass", "drums"])
        #expect(stimuli[0].inputs.shape == [2, 1, 2, 3])
        #expect(stimuli[0].inputs.values == [Float](repeating: 0, count: 6) + [Float](repeating: 3, count: 6))
        #expect(stimuli[1].inputs.values == [Float](repeating: 2, count: 6) + [Float](repeating: 5, count: 6))
        #expect(throws: SimilarityError.option("--max-stimuli 1: must be 2 or more (a pair)")) {
            _ = try ClassStimuli.collect(Self.loader(root), limit: 1)
        }
    }
}
