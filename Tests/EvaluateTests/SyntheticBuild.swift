import Foundation
import Safetensors
import TestSupport
import Train
import TrainSettings

/// A small build output written by hand: shards made with `SafetensorsEncoder` and a
/// `dataset.json` with the fields docs/shards.md documents, as `melshard build` writes them.
///
/// Clip `id`'s class is `id % classes`, and its features carry it (a bright band at the class's
/// row plus a little seeded noise), so a small network learns it in a few epochs.
struct SyntheticBuild {
    var splits: [(split: String, clips: Int)] = [("train", 48), ("validation", 12), ("test", 18)]
    var bands = 8
    var frames = 8
    var labels = ["a", "b", "c"]
    var multiLabel = false
    /// Dual-task: task names; each task's classes are given by `taskLabels`, and a clip's task is its class's.
    var tasks: [String] = []
    var taskLabels: [[String]] = []
    /// K for a k-fold build (every clip in split train); nil otherwise.
    var folds: Int?

    func label(_ id: Int64) -> Int { Int(id) % labels.count }

    /// Dual-task: the task whose classes hold clip `id`'s class.
    func task(_ id: Int64) -> Int { taskLabels.firstIndex { $0.contains(labels[label(id)]) } ?? 0 }

    /// The multi-label classes of clip `id`: its class and the next one when `id` is even.
    func hot(_ id: Int64) -> [Bool] {
        let c = label(id)
        return labels.indices.map { $0 == c || (id % 2 == 0 && $0 == (c + 1) % labels.count) }
    }

    func features(_ id: Int64) -> [Float] {
        var values: [Float] = []
        var state = UInt64(id) &* 0x9E37_79B9_7F4A_7C15
        for band in 0..<bands {
            for _ in 0..<frames {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Float(state >> 40) / Float(1 << 24) - 0.5
                values.append((band % labels.count == label(id) ? 2 : 0) + noise)
            }
        }
        return values
    }

    /// Writes the output into `folder` and returns the clip ids of each shard.
    @discardableResult
    func write(to folder: String) throws -> [[Int64]] {
        try FileManager.default.createDirectory(atPath: folder + "/shards", withIntermediateDirectories: true)
        var cardShards: [[String: Any]] = []
        var splitCounts: [String: Any] = [:]
        var next: Int64 = 1
        var all: [[Int64]] = []
        for (index, part) in splits.enumerated() {
            let ids = (0..<part.clips).map { next + Int64($0) }
            next += Int64(part.clips)
            all.append(ids)
            var tensors: [SafetensorsTensor] = [
                .float32("features", shape: [ids.count, bands, frames], values: ids.flatMap(features)),
                .int64("clip_ids", shape: [ids.count], values: ids),
            ]
            if multiLabel {
                tensors.append(
                    .uint8(
                        "labels", shape: [ids.count, labels.count],
                        values: ids.flatMap { hot($0).map { $0 ? UInt8(1) : 0 } }))
            } else {
                tensors.append(.int32("labels", shape: [ids.count], values: ids.map { Int32(label($0)) }))
            }
            if !tasks.isEmpty {
                tensors.append(.int32("tasks", shape: [ids.count], values: ids.map { Int32(task($0)) }))
            }
            if let folds {
                tensors.append(.int32("folds", shape: [ids.count], values: ids.map { Int32($0 % Int64(folds)) }))
            }
            let name = "\(part.split)-\(index)"
            let bytes = try SafetensorsEncoder.encode(
                tensors, metadata: ["format": "melshard-shard", "split": part.split])
            let file = "shards/\(name).safetensors"
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + file))
            cardShards.append([
                "name": name, "file": file, "split": part.split, "clips": part.clips, "bytes": bytes.count,
                "sha256": String(repeating: "0", count: 64),
            ])
            let before = (splitCounts[part.split] as? [String: Any])?["clips"] as? Int ?? 0
            splitCounts[part.split] = ["clips": before + part.clips, "sources": before + part.clips]
        }
        var card: [String: Any] = [
            "format": "melshard-dataset", "format_version": 1, "name": "synthetic",
            "tool": ["name": "melshard", "version": "0.1.0"],
            "task": multiLabel ? "multi-label" : "single-label", "labels": labels,
            "features": [
                "dtype": "float32", "shape": [bands, frames], "layout": "clip,band,frame", "clip_samples": 16000,
                "parameters": ["n_mels": bands],
            ],
            "splits": splitCounts, "shards": cardShards,
            "normalisation": [
                "split": "train", "count": 100, "mean": 0.6, "std": 1.0,
                "per_band": [
                    "mean": [Double](repeating: 0.6, count: bands), "std": [Double](repeating: 1, count: bands),
                ],
            ],
        ]
        if !tasks.isEmpty {
            card["label_space"] = "combined"
            card["tasks"] = zip(tasks, taskLabels).map { ["name": $0.0, "corpora": [$0.0], "labels": $0.1] }
        }
        if let folds {
            card["folds"] = folds
            card["balance"] = ["folds": folds]
        }
        let json = try JSONSerialization.data(withJSONObject: card, options: [.sortedKeys, .prettyPrinted])
        try json.write(to: URL(fileURLWithPath: folder + "/dataset.json"))
        return all
    }
}

/// Trains `small-cnn` on `output` (one task of it with `task`) into `run` for `epochs` epochs and
/// returns its result.
@discardableResult
func trainSmallRun(
    output: String, run: String, epochs: Int = 3, fold: Int? = nil, task: String? = nil
) throws -> RunResult {
    var config = TrainConfig(model: "small-cnn")
    config.task = task
    config.epochs = epochs
    config.batchSize = 8
    config.learningRate = 0.01
    config.fold = fold
    return try Trainer(config: config, output: output, run: RunFolder(path: run)).train()
}
