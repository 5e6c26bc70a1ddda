import Balance
import Features
import Foundation
import Index
import Ingest
import MelshardCore
import Safetensors

/// What the shard stage leaves for the card and the report.
struct ShardStageResult {
    var rejects: [Reject]
    var clipCount: Int
}

extension BuildEngine {
    static let shardStage = "shard"

    func writeShards(_ shards: [PlannedShard], plan: ClipPlan, ingest: IngestResult, tasks: ShardTasks?, index: Index?,
                     report: inout BuildReport) throws -> ShardStageResult {
        let parameters = recipe.features.parameters
        let parametersJSON = try CanonicalJSON.string(parameters)
        // K of a k-fold build goes into its shards' key and metadata (with the tasks' facts), and
        // each clip's fold into a `folds` tensor; other builds' shards keep their keys and bytes.
        let folds = recipe.splits.method == .kfold ? recipe.splits.folds : nil
        var taskFacts = try tasks?.described(labelNames: plan.labels) ?? [:]
        if let folds { taskFacts["folds"] = String(folds) }
        var key = ContentKey.Builder()
        for (name, value) in [
            ("format", ShardFormat.name), ("version", String(ShardFormat.version)), ("features", parametersJSON),
            ("feature_code", String(FeatureCodeVersion.current)),
            ("dtype", recipe.shards.dtype.rawValue), ("task", recipe.task.kind.rawValue),
            ("labels", plan.labels.joined(separator: "\n")), ("seed", String(recipe.seed)),
        ] + taskFacts.sorted(by: { $0.key < $1.key }) { key.add(name, value) }
        let parametersKey = key.finish()
        var hashes: [Int64: String] = [:]
        var locations: [Int64: SourceLocation] = [:]
        for (candidate, probed) in ingest.accepted {
            let id = candidate.id
            hashes[id] = probed.contentHash
            locations[id] = SourceLocation(corpus: candidate.corpus, path: candidate.path, absolutePath: candidate.absolutePath)
        }
        let existing = try index?.shards() ?? [:]
        let cachedUnits = try UnitCache(stage: Self.shardStage, index: index)
        var rejects: [Reject] = []
        var clipCount = 0
        var pending: [(shard: PlannedShard, key: ShardKey)] = []

        for shard in shards {
            let key = ShardKey(parameters: parametersKey, shard: shard, sourceHashes: hashes)
            let cached = cachedUnits.units[shard.name].flatMap { try? JSONDecoder().decode(ShardUnitDetail.self, from: Data($0.detail.utf8)) }
            let reasons = try staleness(of: shard, key: key, committed: existing[shard.name], cachedKey: cached?.key, index: index)
            if reasons.isEmpty, let row = existing[shard.name] {
                report.count(Self.shardStage, rebuilt: false)
                rejects += cached?.rejects ?? []
                clipCount += row.clipCount
            } else {
                report.count(Self.shardStage, rebuilt: true)
                report.rebuiltUnits.append(.init(stage: Self.shardStage, name: shard.name, reasons: reasons))
                pending.append((shard, key))
            }
        }
        let planned = Set(shards.map(\.name))
        report.removedShards = existing.keys.filter { !planned.contains($0) }.sorted()
        guard !options.dryRun, let index else {
            clipCount += pending.reduce(0) { $0 + $1.shard.clips.count }
            return ShardStageResult(rejects: rejects, clipCount: clipCount)
        }

        let writer = ShardWriter(parameters: parameters, dtype: recipe.shards.dtype, multiLabel: recipe.task.kind == .multiLabel,
                                 labelNames: plan.labels, seed: recipe.seed, metadata: [
                                     "format": ShardFormat.name, "format_version": String(ShardFormat.version),
                                     "feature_parameters": parametersJSON, "features_layout": ShardFormat.featuresLayout,
                                     "labels_kind": recipe.task.kind.rawValue, "label_names": try CanonicalJSON.string(plan.labels),
                                     "clip_samples": String(recipe.clipSamples), "melshard_version": MelshardVersion.current,
                                 ].merging(taskFacts) { a, _ in a }, directory: shardsDirectory, clipSamples: recipe.clipSamples, tasks: tasks,
                                 folds: folds)
        let dtype = recipe.shards.dtype.rawValue
        let clipsTotal = pending.reduce(0) { $0 + $1.shard.clips.count }
        var clipsDone = 0
        var shardsDone = 0
        if !pending.isEmpty { progress?(BuildProgress(stage: "shards", done: 0, total: pending.count, clipsDone: 0, clipsTotal: clipsTotal)) }
        // Largest first: the last shard's completion (hash, sync, commit) runs with the workers
        // idle, so it should be the smallest. The order changes no byte of any output.
        pending.sort { ($0.shard.clips.count, $1.shard.name) > ($1.shard.clips.count, $0.shard.name) }
        try writer.write(pending.map(\.shard), sources: locations, jobs: options.jobs) { i, output in
            let (shard, key) = pending[i]
            let path = shardsDirectory + "/" + shard.name + ".safetensors"
            let shape = "[" + output.featuresShape.map(String.init).joined(separator: ",") + "]"
            let row = ShardRow(name: shard.name, split: shard.split, clipCount: output.rows.count, byteSize: output.byteSize,
                               sha256: output.sha256, contentKey: key.contentKey.hex,
                               mtimeNanoseconds: DurableFile.status(path)?.mtimeNanoseconds ?? 0, featuresDType: dtype, featuresShape: shape)
            let detail = try CanonicalJSON.string(ShardUnitDetail(key: key, rejects: output.rejects))
            try index.transaction {
                try index.putShard(row, rows: output.rows, bandSums: output.bandSums)
                try index.putUnits([UnitRow(stage: Self.shardStage, name: shard.name, contentKey: key.contentKey.hex, detail: detail)])
            }
            rejects += output.rejects
            clipCount += row.clipCount
            report.decodedSources += output.decodedSources
            clipsDone += shard.clips.count
            shardsDone += 1
            progress?(BuildProgress(stage: "shards", done: shardsDone, total: pending.count, clipsDone: clipsDone, clipsTotal: clipsTotal))
        }

        // Shards the plan no longer has: forget them, then delete their files, and any stray file.
        try index.transaction {
            for name in report.removedShards { try index.deleteShard(name) }
            try index.deleteUnits(stage: Self.shardStage, names: cachedUnits.stale(keeping: planned))
        }
        let directory = shardsDirectory
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where file.hasSuffix(".safetensors") {
            if !planned.contains(String(file.dropLast(".safetensors".count))) { try? FileManager.default.removeItem(atPath: directory + "/" + file) }
        }
        return ShardStageResult(rejects: rejects, clipCount: clipCount)
    }

    /// Why a planned shard cannot be reused; empty when it can. Size and modification time are
    /// trusted like make trusts timestamps; when the time moved, the bytes are hashed again.
    private func staleness(of shard: PlannedShard, key: ShardKey, committed: ShardRow?, cachedKey: ShardKey?, index: Index?) throws -> [String] {
        guard let committed else { return ["new shard"] }
        if committed.contentKey != key.contentKey.hex { return key.reasons(comparedWith: cachedKey) }
        let path = shardsDirectory + "/" + shard.name + ".safetensors"
        guard let status = DurableFile.status(path) else { return ["file missing"] }
        if status.size != committed.byteSize { return ["file damaged: \(status.size) bytes, \(committed.byteSize) recorded"] }
        if status.mtimeNanoseconds != committed.mtimeNanoseconds {
            guard (try? SHA256Digest.hex(ofFile: path)) == committed.sha256 else { return ["file damaged: sha256 differs from the index"] }
            if !options.dryRun { try index?.touchShard(shard.name, mtimeNanoseconds: status.mtimeNanoseconds) }
        }
        return []
    }
}
