import Foundation
import NN
import Safetensors
import Train
import XCTest

/// A small build output written by hand in a temporary folder: shards made with
/// `SafetensorsEncoder` and a `dataset.json` with the fields docs/shards.md documents. Each
/// clip's features are `clipID + band / 8` (exact in float16), so a batch row says which clip
/// it is and which band each value came from.
struct SyntheticOutput {
    struct Shard {
        var name: String
        var split: String
        var clips: Int
    }

    var shards: [Shard]
    var bands = 3
    var frames = 4
    var float16 = true
    var multiLabel = false
    var labels = ["a", "b", "c"]
    /// Task names of a dual-task dataset; empty for one task.
    var tasks: [String] = []
    /// Two tasks with classes of their own (`labels` for task 0, `labels` primed for task 1,
    /// six in the combined space), as a real dual-task build; false: both tasks list `labels`.
    var disjointTasks = false
    /// K of a k-fold build; nil otherwise.
    var folds: Int?
    var mean = 2.0
    var std = 4.0
    var bandMeans: [Double] = [1, 2, 3]
    var bandStds: [Double] = [0.5, 2, 8]

    init(_ shards: [(String, String, Int)]) {
        self.shards = shards.map { Shard(name: $0.0, split: $0.1, clips: $0.2) }
    }

    /// Clip ids, consecutive over the shards in order, from 1.
    func clipIDs(_ shard: Int) -> [Int64] {
        let before = shards[..<shard].reduce(0) { $0 + $1.clips }
        return (0..<shards[shard].clips).map { Int64(before + $0 + 1) }
    }

    /// The label, task and fold of a clip: functions of its id.
    static func label(_ id: Int64) -> Int32 { Int32(id % 3) }
    static func task(_ id: Int64) -> Int32 { id % 4 == 0 ? 1 : 0 }
    static func fold(_ id: Int64, k: Int) -> Int32 { Int32(id % Int64(k)) }

    func value(_ id: Int64, band: Int) -> Float { Float(id) + Float(band) / 8 }

    /// Task 1's classes when the tasks are disjoint.
    var secondTaskLabels: [String] { labels.map { $0 + "'" } }

    /// Every class of the card: `labels`, then task 1's own when the tasks are disjoint.
    var cardLabels: [String] { disjointTasks ? labels + secondTaskLabels : labels }

    /// A clip's stored class: `label(id)`, moved past task 0's classes for a task-1 clip of
    /// disjoint tasks.
    func storedLabel(_ id: Int64) -> Int32 {
        Self.label(id) + (disjointTasks && Self.task(id) == 1 ? Int32(labels.count) : 0)
    }

    /// Writes the output into a new temporary folder, removed when `test` ends, and returns its path.
    func write(for test: XCTestCase) throws -> String {
        let root = try temporaryFolder(for: test)
        try FileManager.default.createDirectory(atPath: root + "/shards", withIntermediateDirectories: true)
        var cardShards: [[String: Any]] = []
        for (i, shard) in shards.enumerated() {
            let ids = clipIDs(i)
            var values: [Float] = []
            for id in ids { for band in 0..<bands { values += Array(repeating: value(id, band: band), count: frames) } }
            let shape = [ids.count, bands, frames]
            var tensors: [SafetensorsTensor] = [
                float16
                    ? .float16("features", shape: shape, values: values)
                    : .float32("features", shape: shape, values: values),
                .int64("clip_ids", shape: [ids.count], values: ids),
            ]
            if multiLabel {
                let width = cardLabels.count
                var hot = [UInt8](repeating: 0, count: ids.count * width)
                for (row, id) in ids.enumerated() {
                    let first = Int(storedLabel(id)), base = first - Int(Self.label(id))
                    hot[row * width + first] = 1
                    hot[row * width + base + (Int(Self.label(id)) + 1) % labels.count] = 1
                }
                tensors.append(.uint8("labels", shape: [ids.count, width], values: hot))
            } else {
                tensors.append(.int32("labels", shape: [ids.count], values: ids.map(storedLabel)))
            }
            if !tasks.isEmpty { tensors.append(.int32("tasks", shape: [ids.count], values: ids.map(Self.task))) }
            if let folds {
                tensors.append(.int32("folds", shape: [ids.count], values: ids.map { Self.fold($0, k: folds) }))
            }
            let bytes = try SafetensorsEncoder.encode(
                tensors, metadata: ["format": "melshard-shard", "split": shard.split])
            let file = "shards/\(shard.name).safetensors"
            try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + file))
            cardShards.append([
                "name": shard.name, "file": file, "split": shard.split, "clips": shard.clips,
                "bytes": bytes.count, "sha256": String(repeating: "0", count: 64),
            ])
        }
        var splits: [String: Any] = [:]
        for shard in shards {
            let clips = ((splits[shard.split] as? [String: Any])?["clips"] as? Int ?? 0) + shard.clips
            splits[shard.split] = ["clips": clips, "sources": clips, "per_label": [String: Int]()]
        }
        var card: [String: Any] = [
            "format": "melshard-dataset", "format_version": 1, "name": "synthetic",
            "tool": ["name": "melshard", "version": "0.1.0"],
            "task": multiLabel ? "multi-label" : "single-label", "labels": cardLabels,
            "features": [
                "dtype": float16 ? "float16" : "float32", "shape": [bands, frames], "layout": "clip,band,frame",
                "clip_samples": 16000, "parameters": ["n_mels": bands],
            ],
            "splits": splits, "shards": cardShards,
            "normalisation": [
                "split": "train", "count": 100, "mean": mean, "std": std,
                "per_band": ["mean": bandMeans, "std": bandStds],
            ],
            "rejects": ["total": 0, "by_code": [String: Int]()],
            "balance": ["multi_label_policy": "keep", "classes": [String: Any]()],
        ]
        if !tasks.isEmpty {
            card["label_space"] = "combined"
            card["tasks"] = tasks.enumerated().map { t, name in
                ["name": name, "corpora": [name], "labels": disjointTasks && t == 1 ? secondTaskLabels : labels]
            }
        }
        if let folds {
            card["folds"] = folds
            card["balance"] = ["multi_label_policy": "keep", "classes": [String: Any](), "folds": folds]
        }
        let json = try JSONSerialization.data(withJSONObject: card, options: [.sortedKeys, .prettyPrinted])
        try json.write(to: URL(fileURLWithPath: root + "/dataset.json"))
        return root
    }
}

/// Every batch an iterator gives, as comparable summaries.
func collect(_ iterator: BatchIterator) throws -> [BatchSummary] {
    var out: [BatchSummary] = []
    while let batch = try iterator.next() { out.append(BatchSummary(batch)) }
    return out
}

/// What tests compare of a batch: every value bit for bit.
struct BatchSummary: Equatable {
    var inputs: [UInt32]
    var shape: [Int]
    var clipIDs: [Int64]
    var tasks: [Int]
    var task: Int?
    var classes: [Int]
    var hot: [Float]
    var position: LoaderPosition

    init(_ batch: Batch) {
        inputs = batch.inputs.values.map(\.bitPattern)
        shape = batch.inputs.shape
        clipIDs = batch.clipIDs
        tasks = batch.tasks
        task = batch.task
        switch batch.targets {
        case .classes(let c): (classes, hot) = (c, [])
        case .multiHot(let t): (classes, hot) = ([], t.values)
        }
        position = batch.position
    }
}
