import Foundation
import Safetensors

/// One shard the card lists, its header checked against the card, with the per-row facts a
/// loader needs before reading any features: each row's task and fold.
struct ShardEntry: Sendable {
    var name: String
    var split: String
    /// Absolute (or as given) path of the file.
    var path: String
    var clips: Int
    /// Per row, dual-task datasets only: the `tasks` tensor. Empty otherwise.
    var tasks: [Int32]
    /// Per row, k-fold builds only: the `folds` tensor. Empty otherwise.
    var folds: [Int32]
}

/// Opens every shard's header (not its data) and checks it against the card, so a missing or
/// mismatched shard stops a run before its first step rather than in epoch 7.
///
/// Reads the header and the small per-row tensors (`tasks`, `folds`: 4 bytes a clip), never
/// `features`; a shard's bytes are checked against its SHA-256 by `melshard verify`, not here.
enum ShardCatalog {
    static func open(_ card: DatasetCard, output: String) throws(DataError) -> [ShardEntry] {
        try card.shards.map { shard throws(DataError) in try entry(shard, card: card, output: output) }
    }

    private static func entry(
        _ shard: DatasetCard.Shard, card: DatasetCard, output: String
    ) throws(DataError) -> ShardEntry {
        let path = output + "/" + shard.file
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(
                .missingShard, path: path, problem: "listed in dataset.json but not on disk",
                fix: DataError.Fix.verify(output))
        }
        let header: SafetensorsHeader
        do {
            header = try SafetensorsFile.readHeader(path: path)
        } catch {
            throw DataError(.damagedShard, path: path, problem: error.problem, fix: DataError.Fix.verify(output))
        }
        func mismatch(_ problem: String) -> DataError {
            DataError(
                .mismatchedShard, path: path, problem: problem + " (dataset.json disagrees with the shard)",
                fix: DataError.Fix.verify(output))
        }
        func expect(_ name: String, _ dtype: SafetensorsDType, _ shape: [Int]) throws(DataError) {
            guard let entry = header.entry(name) else { throw mismatch("no tensor \"\(name)\"") }
            guard entry.dtype == dtype, entry.shape == shape else {
                throw mismatch(
                    "tensor \"\(name)\" is \(entry.dtype.rawValue) \(entry.shape), expected \(dtype.rawValue) \(shape)")
            }
        }
        if let split = header.metadata["split"], split != shard.split {
            throw mismatch("its metadata says split \"\(split)\", the card \"\(shard.split)\"")
        }
        let clips = shard.clips
        try expect("features", card.features.dtype == "float16" ? .f16 : .f32, [clips] + card.features.shape)
        switch card.task {
        case .singleLabel: try expect("labels", .i32, [clips])
        case .multiLabel: try expect("labels", .u8, [clips, card.labelWidth])
        }
        try expect("clip_ids", .i64, [clips])
        var tasks: [Int32] = []
        if let named = card.tasks {
            try expect("tasks", .i32, [clips])
            tasks = try readInt32s("tasks", header: header, path: path, output: output)
            if let bad = tasks.first(where: { $0 < 0 || Int($0) >= named.count }) {
                throw mismatch("tensor \"tasks\" holds \(bad), but the card names \(named.count) tasks")
            }
        }
        var folds: [Int32] = []
        if let k = card.folds {
            try expect("folds", .i32, [clips])
            folds = try readInt32s("folds", header: header, path: path, output: output)
            if let bad = folds.first(where: { $0 < 0 || Int($0) >= k }) {
                throw mismatch("tensor \"folds\" holds \(bad), but the card says folds = \(k)")
            }
        }
        return ShardEntry(name: shard.name, split: shard.split, path: path, clips: clips, tasks: tasks, folds: folds)
    }

    /// One small I32 tensor's values, read from its byte range alone.
    private static func readInt32s(
        _ name: String, header: SafetensorsHeader, path: String,
        output: String
    ) throws(DataError) -> [Int32] {
        let entry = header.entry(name)!
        let bytes: Data?
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            bytes = try? {
                try handle.seek(toOffset: UInt64(header.dataStart + entry.dataOffsets.lowerBound))
                return try handle.read(upToCount: entry.dataOffsets.count)
            }()
        } else {
            bytes = nil
        }
        guard let bytes, bytes.count == entry.dataOffsets.count else {
            throw DataError(
                .damagedShard, path: path, problem: "cannot read tensor \"\(name)\"", fix: DataError.Fix.verify(output))
        }
        return bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
    }
}
