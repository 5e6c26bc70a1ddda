import AudioDSP
import Balance
import FeatureSettings
import Foundation
import Index
import MelshardCore
import Recipe
import Safetensors

/// Where a source's audio is, for the writer.
struct SourceLocation: Sendable {
    var corpus: String
    var path: String
    var absolutePath: String
}

/// One shard, written and committed to disk: what the index records about it.
struct ShardOutput: Sendable {
    /// Clip ids in row order.
    var rows: [Int64]
    var bandSums: [BandSums]
    /// Sources that failed to decode; their clips are left out.
    var rejects: [Reject]
    var decodedSources: Int
    var featuresShape: [Int]
    var byteSize: Int64
    var sha256: String
}

/// The tasks of a dual-task dataset as the shards record them: a `tasks` tensor, and under
/// separate label spaces each task's own class numbering.
struct ShardTasks: Sendable {
    var names: [String]
    /// Task index of each source.
    var taskOfSource: [Int64: Int]
    /// Per task, its classes as global label indices, in order; under separate spaces a clip's
    /// label is its class's position here.
    var labels: [[Int]]
    var separate: Bool

    /// The label indices a clip stores: global, or local to its task.
    func stored(_ clip: PlannedClip) -> [Int] {
        guard separate, let task = taskOfSource[clip.sourceID] else { return clip.labels }
        return clip.labels.compactMap { labels[task].firstIndex(of: $0) }
    }

    var width: Int { labels.map(\.count).max() ?? 0 }
}

/// The tensors of a shard besides `features`, and the file layout they give.
struct ShardTensors: Sendable {
    var dtype: ShardSpec.DType
    var multiLabel: Bool
    var labelNames: [String]
    var metadata: [String: String]
    var shape: (rows: Int, columns: Int)
    var tasks: ShardTasks?
    /// K of a k-fold build, whose shards carry each clip's fold in a `folds` tensor; nil otherwise.
    var folds: Int?

    /// The multi-hot width: every class, or under separate spaces the largest task's.
    private var labelWidth: Int { tasks.map { $0.separate ? $0.width : labelNames.count } ?? labelNames.count }

    func layout(rows: Int, shardName: String, split: String) throws(SafetensorsError) -> SafetensorsLayout {
        var meta = metadata
        meta["shard"] = shardName
        meta["split"] = split
        var entries: [SafetensorsLayout.Entry] = [
            .init(name: "features", dtype: dtype == .float16 ? .f16 : .f32, shape: [rows, shape.rows, shape.columns]),
            multiLabel
                ? .init(name: "labels", dtype: .u8, shape: [rows, labelWidth])
                : .init(name: "labels", dtype: .i32, shape: [rows]),
            .init(name: "clip_ids", dtype: .i64, shape: [rows]),
        ]
        if tasks != nil { entries.append(.init(name: "tasks", dtype: .i32, shape: [rows])) }
        if folds != nil { entries.append(.init(name: "folds", dtype: .i32, shape: [rows])) }
        return try SafetensorsEncoder.layout(entries, metadata: meta)
    }

    func smallTensors(_ clips: [PlannedClip]) -> [(String, [UInt8])] {
        let stored = clips.map { tasks?.stored($0) ?? $0.labels }
        let labels: SafetensorsTensor
        if multiLabel {
            var hot = [UInt8](repeating: 0, count: clips.count * labelWidth)
            for (row, indices) in stored.enumerated() { for l in indices { hot[row * labelWidth + l] = 1 } }
            labels = .uint8("labels", shape: [clips.count, labelWidth], values: hot)
        } else {
            labels = .int32("labels", shape: [clips.count], values: stored.map { Int32($0[0]) })
        }
        var out = [
            ("labels", labels.bytes),
            ("clip_ids", SafetensorsTensor.int64("clip_ids", shape: [clips.count], values: clips.map(\.id)).bytes),
        ]
        if let tasks {
            out.append(
                (
                    "tasks",
                    SafetensorsTensor.int32(
                        "tasks", shape: [clips.count],
                        values: clips.map { Int32(tasks.taskOfSource[$0.sourceID] ?? 0) }
                    ).bytes
                ))
        }
        if folds != nil {
            out.append(
                (
                    "folds",
                    SafetensorsTensor.int32("folds", shape: [clips.count], values: clips.map { Int32($0.fold ?? 0) })
                        .bytes
                ))
        }
        return out
    }
}

/// Writes shards with every worker on the sources of the shard at hand, so two jobs are
/// busy even when one large shard is left, and memory holds a few sources' audio, not whole
/// shards: rows go straight to their place in the shard's file. Each source is decoded once.
/// The main thread completes and commits a shard as soon as its last source is in, while the
/// workers go on with the next one.
struct ShardWriter: Sendable {
    var parameters: FeatureParameters
    var tensors: ShardTensors
    var seed: UInt64
    var directory: String

    init(
        parameters: FeatureParameters, dtype: ShardSpec.DType, multiLabel: Bool, labelNames: [String], seed: UInt64,
        metadata: [String: String], directory: String, clipSamples: Int, tasks: ShardTasks? = nil, folds: Int? = nil
    ) {
        self.parameters = parameters
        let shape = parameters.outputShape(forSamples: clipSamples)
        tensors = ShardTensors(
            dtype: dtype, multiLabel: multiLabel, labelNames: labelNames, metadata: metadata,
            shape: (shape.rows, shape.columns), tasks: tasks, folds: folds)
        self.seed = seed
        self.directory = directory
    }

    /// Rows in shuffled order: our own Fisher–Yates, since the standard library does not
    /// promise its shuffle's algorithm and row order is part of the shard's bytes.
    func rowOrder(_ shard: PlannedShard) -> [PlannedClip] {
        var order = Array(shard.clips)
        var random = SeededRandom(seed: seed, stream: "shuffle/\(shard.name)")
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
        return order
    }

    /// Writes `shards` in order and hands each, committed to disk, to `commit` on the calling thread.
    func write(
        _ shards: [PlannedShard], sources: [Int64: SourceLocation], jobs: Int,
        commit: (_ shard: Int, _ output: ShardOutput) throws -> Void
    ) throws {
        // One work item per source of each shard; a shard without sources still gets one, so it is completed.
        let items = shards.indices.flatMap { s in
            shards[s].sources.isEmpty
                ? [WorkItem(shard: s, position: -1)]
                : shards[s].sources.indices.map { WorkItem(shard: s, position: $0) }
        }
        let open = OpenShards(writer: self, shards: shards)
        let extractors = LendingPool<FeatureExtractor>()
        let loader = AudioLoader(parameters)
        do {
            try WorkerPool.run(
                items, jobs: jobs,
                work: { item -> Result<SourceOutcome, BuildError> in
                    let shard = shards[item.shard]
                    do {
                        let assembly = try open.assembly(item.shard)
                        guard item.position >= 0 else { return .success(SourceOutcome()) }
                        return .success(
                            try compute(
                                shard.sources[item.position], into: assembly, sources: sources,
                                loader: loader, extractors: extractors))
                    } catch {
                        return .failure(.shard(name: shard.name, underlying: "\(error)"))
                    }
                }
            ) { i, result in
                let item = items[i]
                let outcome = try result.get()
                let assembly = try open.assembly(item.shard)
                assembly.record(outcome, position: max(item.position, 0))
                if assembly.remainingSources <= 0 {
                    let output: ShardOutput
                    do {
                        output = try assembly.finish(
                            encoder: tensors, beforeRename: { FaultInjection.point("shard-written") })
                    } catch {
                        throw BuildError.shard(name: shards[item.shard].name, underlying: "\(error)")
                    }
                    FaultInjection.point("shard-renamed")
                    open.close(item.shard)
                    try commit(item.shard, output)
                }
            }
        } catch {
            open.discardAll()
            throw error
        }
    }

    /// Decodes one source (once, for all its clips in this shard), computes each clip's
    /// features and writes them to their rows. A mixture track's clips are made segment by
    /// segment instead.
    private func compute(
        _ sourceID: Int64, into assembly: ShardAssembly, sources: [Int64: SourceLocation],
        loader: AudioLoader, extractors: LendingPool<FeatureExtractor>
    ) throws -> SourceOutcome {
        guard let location = sources[sourceID], let clips = assembly.clipsBySource[sourceID] else {
            return SourceOutcome()
        }
        if clips.contains(where: { !$0.mixture.isEmpty }) {
            return try computeMixtures(clips, into: assembly, sources: sources, loader: loader, extractors: extractors)
        }
        let audio: [[Float]]
        do {
            audio = try loader.clips(
                clips.map { ClipRegion(start: $0.start, length: $0.length) }, from: location.absolutePath)
        } catch {
            return SourceOutcome(reject: Self.reject(error, location))
        }
        var outcome = SourceOutcome(decoded: true)
        try write(Array(zip(clips, audio)), into: assembly, extractors: extractors, outcome: &outcome)
        return outcome
    }

    /// One segment at a time, so memory holds one segment of each stem whatever the track's
    /// length: the stems' stretch is decoded once and every combination mixed from it. When a
    /// stem cannot be read, the track's clips are all left out and the reject names that stem.
    private func computeMixtures(
        _ clips: [PlannedClip], into assembly: ShardAssembly, sources: [Int64: SourceLocation],
        loader: AudioLoader, extractors: LendingPool<FeatureExtractor>
    ) throws -> SourceOutcome {
        var outcome = SourceOutcome(decoded: true)
        let segments = Dictionary(grouping: clips) { ClipRegion(start: $0.start, length: $0.length) }
        for region in segments.keys.sorted(by: { $0.start < $1.start }) {
            let mixtures = segments[region]!
            var stems: [Int64: [Float]] = [:]
            for id in mixtures.flatMap(\.mixture) where stems[id] == nil {
                guard let location = sources[id] else { return SourceOutcome() }
                do {
                    stems[id] = try loader.clips([region], from: location.absolutePath)[0]
                } catch {
                    return SourceOutcome(reject: Self.reject(error, location))
                }
            }
            try write(
                mixtures.map { ($0, StemMix.mix($0.mixture.map { stems[$0]! })) }, into: assembly,
                extractors: extractors, outcome: &outcome)
        }
        return outcome
    }

    private func write(
        _ clips: [(PlannedClip, [Float])], into assembly: ShardAssembly, extractors: LendingPool<FeatureExtractor>,
        outcome: inout SourceOutcome
    ) throws {
        try extractors.borrow(make: { try FeatureExtractor(parameters) }) { extractor in
            for (clip, samples) in clips {
                let matrix = try extractor.features(samples)
                precondition(
                    matrix.rows == tensors.shape.rows && matrix.columns == tensors.shape.columns,
                    "feature shape drifted")
                let stored = StoredRow(matrix.values, bands: matrix.rows, dtype: tensors.dtype)
                let row = assembly.rowOf[clip.id]!
                try assembly.write(row: row, bytes: stored.bytes)
                outcome.rows.append((row, stored.bandSums))
            }
        }
    }

    private static func reject(_ error: AudioError, _ location: SourceLocation) -> Reject {
        Reject(
            corpus: location.corpus, path: location.path, stage: .features, code: error.reason.code,
            reason: error.reason.description)
    }
}

private struct WorkItem: Sendable {
    var shard: Int
    /// Index into the shard's `sources`; -1 for a shard that has none.
    var position: Int
}

/// The shards whose files are open: created by whichever thread first needs one, completed
/// and closed by the main thread.
private final class OpenShards: @unchecked Sendable {
    private let lock = NSLock()
    private let writer: ShardWriter
    private let shards: [PlannedShard]
    private var open: [Int: ShardAssembly] = [:]

    init(writer: ShardWriter, shards: [PlannedShard]) {
        self.writer = writer
        self.shards = shards
    }

    func assembly(_ index: Int) throws -> ShardAssembly {
        lock.lock()
        defer { lock.unlock() }
        if let existing = open[index] { return existing }
        let shard = shards[index]
        let order = writer.rowOrder(shard)
        let layout = try writer.tensors.layout(rows: order.count, shardName: shard.name, split: shard.split)
        let rowBytes =
            writer.tensors.shape.rows * writer.tensors.shape.columns * (writer.tensors.dtype == .float16 ? 2 : 4)
        let assembly = try ShardAssembly(
            shard: shard, order: order, layout: layout, rowBytes: rowBytes,
            path: writer.directory + "/" + shard.name + ".safetensors")
        open[index] = assembly
        return assembly
    }

    func close(_ index: Int) {
        lock.lock()
        open[index] = nil
        lock.unlock()
    }

    /// After a failure: no temporary file is left behind.
    func discardAll() {
        lock.lock()
        for assembly in open.values { assembly.file.discard() }
        open = [:]
        lock.unlock()
    }
}
