import AudioDSP
import Balance
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe
import Safetensors

/// What every shard of a build shares: the feature parameters, and the key over everything
/// but the shard's own clips and audio. K of a k-fold build goes into the key and metadata
/// (with the tasks' facts), and each clip's fold into a `folds` tensor; other builds' shards
/// keep their keys and bytes.
private struct ShardIdentity {
    let parametersJSON: String
    let parametersKey: ContentKey
    let folds: Int?
    let taskFacts: [String: String]

    init(recipe: Recipe, plan: ClipPlan, tasks: ShardTasks?) throws {
        parametersJSON = try CanonicalJSON.string(recipe.features.parameters)
        folds = recipe.splits.method == .kfold ? recipe.splits.folds : nil
        var facts = try tasks?.described(labelNames: plan.labels) ?? [:]
        if let folds { facts["folds"] = String(folds) }
        taskFacts = facts
        var key = ContentKey.Builder()
        for (name, value) in [
            ("format", ShardFormat.name), ("version", String(ShardFormat.version)), ("features", parametersJSON),
            ("feature_code", String(FeatureCodeVersion.current)),
            ("dtype", recipe.shards.dtype.rawValue), ("task", recipe.task.kind.rawValue),
            ("labels", plan.labels.joined(separator: "\n")), ("seed", String(recipe.seed)),
        ] + facts.sorted(by: { $0.key < $1.key }) { key.add(name, value) }
        parametersKey = key.finish()
    }
}

/// A shard as the writer (or the part that wrote it) left it, with its index row and its unit's stored detail.
struct WrittenShard {
    var output: ShardOutput
    var row: ShardRow
    var detail: ShardUnitDetail
}

/// What the shard stage leaves for the card and the report.
struct ShardStageResult {
    var rejects: [Reject]
    var clipCount: Int
}

extension BuildEngine {
    static let shardStage = "shard"

    func writeShards(
        _ shards: [PlannedShard], plan: ClipPlan, ingest: IngestResult, tasks: ShardTasks?, index: Index?,
        report: inout BuildReport
    ) throws -> ShardStageResult {
        let identity = try ShardIdentity(recipe: recipe, plan: plan, tasks: tasks)
        var hashes: [Int64: String] = [:]
        hashes.reserveCapacity(ingest.accepted.count)
        for (candidate, probed) in ingest.accepted { hashes[candidate.id] = probed.contentHash }
        let existing = try index?.shards() ?? [:]
        let units = try UnitRunner<ShardUnitDetail>(stage: Self.shardStage, index: index, dryRun: options.dryRun)
        let keyed = shards.map {
            (shard: $0, key: ShardKey(parameters: identity.parametersKey, shard: $0, sourceHashes: hashes))
        }
        var rejects: [Reject] = []
        var clipCount = 0
        // A shard is reused while its file is the one the index recorded under the same key.
        let sorted = try units.sort(keyed, name: \.shard.name, key: \.key.contentKey, report: &report) { item, unit in
            let stored = units.storedUnit(unit.name).flatMap {
                try? JSONDecoder().decode(ShardUnitDetail.self, from: Data($0.detail.utf8))
            }
            let reasons = try staleness(
                of: item.shard, key: item.key, committed: existing[unit.name], cachedKey: stored?.key,
                index: index)
            guard reasons.isEmpty else { return .redo(reasons) }
            return .reuse(stored ?? ShardUnitDetail(key: item.key, rejects: []))
        }
        for (position, detail) in sorted.reused {
            rejects += detail.rejects
            clipCount += existing[keyed[position].shard.name]?.clipCount ?? 0
        }
        let planned = Set(shards.map(\.name))
        report.removedShards = existing.keys.filter { !planned.contains($0) }.sorted()
        let output = OutputFolder(path: options.outputDirectory)
        let removedFiles = report.removedShards.map { "shards/\($0).safetensors" }
        // Largest first: the last shard's completion (hash, sync, commit) runs with the workers
        // idle, so it should be the smallest. The order changes no byte of any output.
        let pending = sorted.pending.sorted {
            let (a, b) = (keyed[$0.position].shard, keyed[$1.position].shard)
            return (a.clips.count, b.name) > (b.clips.count, a.name)
        }
        guard !options.dryRun, index != nil else {
            report.removedFiles += output.existing(removedFiles)
            clipCount += pending.reduce(0) { $0 + keyed[$1.position].shard.clips.count }
            return ShardStageResult(rejects: rejects, clipCount: clipCount)
        }

        // Where each source is read from: made only now, as a dry run reads no audio.
        var locations: [Int64: SourceLocation] = [:]
        locations.reserveCapacity(ingest.accepted.count)
        for (candidate, _) in ingest.accepted {
            locations[candidate.id] = SourceLocation(
                corpus: candidate.corpus, path: candidate.path, absolutePath: candidate.absolutePath)
        }
        let writer = try makeWriter(identity, plan: plan, tasks: tasks)
        var merge: PartsMerge?
        if case .merge(let parts) = options.role {
            merge = PartsMerge(directory: options.outputDirectory, parts: parts)
        }
        let clipsTotal = pending.reduce(0) { $0 + keyed[$1.position].shard.clips.count }
        var clipsDone = 0
        var shardsDone = 0
        if !pending.isEmpty {
            progress?(
                BuildProgress(stage: "shards", done: 0, total: pending.count, clipsDone: 0, clipsTotal: clipsTotal))
        }
        // Each shard is committed with its unit as soon as its file is in place.
        try units.make(
            pending, commitEvery: 1, outcome: { (written: WrittenShard) in written.detail },
            alsoStore: { index, written in
                try index.putShard(written.row, rows: written.output.rows, bandSums: written.output.bandSums)
            },
            execute: { deliver in
                if let merge {
                    // Nothing is computed: each shard is the one its part wrote, or is missing.
                    for (i, unit) in pending.enumerated() {
                        let (shard, key) = keyed[unit.position]
                        if let taken = try merge.take(shard, key: key, shardsDirectory: shardsDirectory) {
                            try deliver(i, taken)
                        }
                    }
                    return
                }
                try writer.write(pending.map { keyed[$0.position].shard }, sources: locations, jobs: options.jobs) {
                    i, output in
                    let (shard, key) = keyed[pending[i].position]
                    let row = shardRow(shard, key: key, output: output)
                    try deliver(
                        i,
                        WrittenShard(
                            output: output, row: row, detail: ShardUnitDetail(key: key, rejects: output.rejects)))
                }
            }
        ) { unit, written in
            rejects += written.output.rejects
            clipCount += written.row.clipCount
            report.decodedSources += written.output.decodedSources
            clipsDone += keyed[unit.position].shard.clips.count
            shardsDone += 1
            progress?(
                BuildProgress(
                    stage: "shards", done: shardsDone, total: pending.count, clipsDone: clipsDone,
                    clipsTotal: clipsTotal))
        }

        if let merge, !merge.absent.isEmpty {
            throw BuildError.partsIncomplete(try merge.problems(planned: shards, recipePath: options.recipePath))
        }

        // Shards the plan no longer has: forget them, then delete their files. Only files the
        // index records are deleted; a file it does not know was not written by this output's
        // builds (or its commit was lost), so it stays, and `verify` lists it.
        try units.forget(keeping: planned) { index in
            for name in report.removedShards { try index.deleteShard(name) }
        }
        report.removedFiles += output.remove(removedFiles)
        return ShardStageResult(rejects: rejects, clipCount: clipCount)
    }

    /// The writer of this build's shards: its tensors, metadata and row order.
    private func makeWriter(_ identity: ShardIdentity, plan: ClipPlan, tasks: ShardTasks?) throws -> ShardWriter {
        let metadata = [
            "format": ShardFormat.name, "format_version": String(ShardFormat.version),
            "feature_parameters": identity.parametersJSON, "features_layout": ShardFormat.featuresLayout,
            "labels_kind": recipe.task.kind.rawValue, "label_names": try CanonicalJSON.string(plan.labels),
            "clip_samples": String(recipe.clipSamples), "melshard_version": MelshardVersion.current,
        ].merging(identity.taskFacts) { a, _ in a }
        return ShardWriter(
            parameters: recipe.features.parameters, dtype: recipe.shards.dtype,
            multiLabel: recipe.task.kind == .multiLabel, labelNames: plan.labels, seed: recipe.seed, metadata: metadata,
            directory: shardsDirectory, clipSamples: recipe.clipSamples, tasks: tasks, folds: identity.folds)
    }

    /// A written shard's row in the index.
    private func shardRow(_ shard: PlannedShard, key: ShardKey, output: ShardOutput) -> ShardRow {
        let path = shardsDirectory + "/" + shard.name + ".safetensors"
        let shape = "[" + output.featuresShape.map(String.init).joined(separator: ",") + "]"
        return ShardRow(
            name: shard.name, split: shard.split, clipCount: output.rows.count, byteSize: output.byteSize,
            sha256: output.sha256, contentKey: key.contentKey.hex,
            mtimeNanoseconds: DurableFile.status(path)?.mtimeNanoseconds ?? 0,
            featuresDType: recipe.shards.dtype.rawValue, featuresShape: shape)
    }

    /// Why a planned shard cannot be reused; empty when it can. Size and modification time are
    /// trusted like make trusts timestamps; when the time moved, the bytes are hashed again.
    private func staleness(
        of shard: PlannedShard, key: ShardKey, committed: ShardRow?, cachedKey: ShardKey?, index: Index?
    ) throws -> [String] {
        guard let committed else { return ["new shard"] }
        if committed.contentKey != key.contentKey.hex { return key.reasons(comparedWith: cachedKey) }
        let path = shardsDirectory + "/" + shard.name + ".safetensors"
        guard let status = DurableFile.status(path) else { return ["file missing"] }
        if status.size != committed.byteSize {
            return ["file damaged: \(status.size) bytes, \(committed.byteSize) recorded"]
        }
        if status.mtimeNanoseconds != committed.mtimeNanoseconds {
            guard (try? SHA256Digest.hex(ofFile: path)) == committed.sha256 else {
                return ["file damaged: sha256 differs from the index"]
            }
            if !options.dryRun { try index?.touchShard(shard.name, mtimeNanoseconds: status.mtimeNanoseconds) }
        }
        return []
    }
}
