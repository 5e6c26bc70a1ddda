import AudioDSP
import FeatureSettings
import Foundation
import Index
import Safetensors

/// A `melshard build` output directory, read-only: clips found through the index's
/// `shard_rows`, their features read from the shard with the safetensors reader.
public final class BuildOutput {
    public let directory: String
    let index: Index
    /// Shards already read, by name: a grid or a report draws many clips from a few shards.
    private var shards: [String: SafetensorsFile] = [:]
    /// The index's record of every shard, read at the first shard opened.
    private var recorded: [String: ShardRow]?

    public init(directory: String) throws(PicturesError) {
        self.directory = directory
        guard FileManager.default.fileExists(atPath: directory + "/" + Index.fileName) else {
            throw PicturesError(
                path: directory, reason: "holds no \(Index.fileName)",
                hint: "give an output directory of `melshard build` (or `melshard demo`)")
        }
        do { index = try Index(directory: directory, readOnly: true) } catch {
            throw PicturesError(path: directory + "/" + Index.fileName, reason: "\(error)")
        }
    }

    /// Class names in index order.
    public func labels() throws(PicturesError) -> [String] {
        try reading { try index.labels() }
    }

    /// Ids of clips written to shards that carry `label`, lowest id first, at most `limit`.
    public func clipIDs(label: String, limit: Int) throws(PicturesError) -> [Int64] {
        try reading { try index.writtenClipIDs(label: label, limit: limit) }
    }

    /// Any clip written to a shard, lowest id first, at most `limit`: to suggest ids in errors.
    public func someClipIDs(limit: Int) throws(PicturesError) -> [Int64] {
        try reading { try index.writtenClipIDs(limit: limit) }
    }

    /// The clip `id`, its features read from its shard's row.
    public func clip(_ id: Int64) throws(PicturesError) -> ClipFeatures {
        guard let place = try reading({ try index.shardPosition(ofClip: id) }) else {
            let some = (try? someClipIDs(limit: 5))?.map(String.init).joined(separator: ", ") ?? ""
            throw PicturesError(
                path: directory, reason: "clip \(id) is in no shard",
                hint: some.isEmpty
                    ? "the build wrote no clips" : "clip ids start \(some) (index.sqlite, table shard_rows)")
        }
        let (shardName, row) = (place.shard, place.row)
        let info = try reading { try index.clipDescription(id) }
        let file = try shard(shardName)
        let path = file.path
        do {
            guard let entry = file.header.entry("features"), entry.shape.count == 3, row < entry.shape[0] else {
                throw PicturesError(
                    path: path, reason: "has no features tensor [clips, bands, frames] with row \(row)",
                    hint: "run `melshard verify \(directory)`")
            }
            let (rows, columns) = (entry.shape[1], entry.shape[2])
            let values = try file.floats("features", elements: (row * rows * columns)..<((row + 1) * rows * columns))
            let metadata = file.header.metadata
            guard let json = metadata["feature_parameters"],
                let parameters = try? JSONDecoder().decode(FeatureParameters.self, from: Data(json.utf8))
            else {
                throw PicturesError(path: path, reason: "has no readable feature_parameters metadata")
            }
            let clipSamples = metadata["clip_samples"].flatMap(Int.init) ?? 0
            return ClipFeatures(
                clipID: id, labels: info?.labels ?? [], split: info?.split ?? "",
                source: "\(info?.corpus ?? ""):\(info?.path ?? "")",
                startSeconds: info?.startSeconds ?? 0, durationSeconds: info?.durationSeconds ?? 0,
                shard: shardName, row: row,
                parameters: parameters, clipSamples: clipSamples, rows: rows, columns: columns, values: values)
        } catch let error as PicturesError {
            throw error
        } catch {
            throw PicturesError(path: path, reason: "\(error)", hint: "run `melshard verify \(directory)`")
        }
    }

    /// Rows of the reject table: (code, path, reason), in index order.
    public func rejects() throws(PicturesError) -> [(code: String, path: String, reason: String)] {
        try reading { try index.rejects() }.map {
            (code: $0.code, path: ($0.corpus.map { $0 + ":" } ?? "") + $0.path, reason: $0.reason)
        }
    }

    /// The shard `name`, read once, and only when its features tensor has the dtype and shape the
    /// index records: a shard altered to another shape of the same byte count would otherwise be
    /// drawn as a picture of scrambled rows.
    private func shard(_ name: String) throws(PicturesError) -> SafetensorsFile {
        if let cached = shards[name] { return cached }
        let path = directory + "/shards/\(name).safetensors"
        let repair = "run `melshard verify \(directory)`, then `melshard build` to rewrite it"
        let file: SafetensorsFile
        do { file = try SafetensorsFile(path: path) } catch {
            throw PicturesError(path: path, reason: "\(error)", hint: repair)
        }
        if self.recorded == nil { self.recorded = try reading { try index.shards() } }
        guard let recorded = self.recorded?[name] else {
            throw PicturesError(path: path, reason: "is not recorded in the index", hint: repair)
        }
        guard let features = file.header.entry("features") else {
            throw PicturesError(path: path, reason: "has no features tensor", hint: repair)
        }
        let shape = "[" + features.shape.map(String.init).joined(separator: ",") + "]"
        guard shape == recorded.featuresShape, features.dtype.rawValue == Self.dtypeName(recorded.featuresDType) else {
            throw PicturesError(
                path: path,
                reason: "features are \(features.dtype.rawValue) \(shape), the index records "
                    + "\(recorded.featuresDType) \(recorded.featuresShape)",
                hint: repair)
        }
        shards[name] = file
        return file
    }

    /// The safetensors dtype name of the index's `features_dtype` (`float32` or `float16`).
    private static func dtypeName(_ recorded: String) -> String {
        recorded == "float16" ? SafetensorsDType.f16.rawValue : SafetensorsDType.f32.rawValue
    }

    /// Runs one read of the index, with a failure as this output's error.
    private func reading<T>(_ read: () throws -> T) throws(PicturesError) -> T {
        do { return try read() } catch {
            throw PicturesError(path: directory + "/" + Index.fileName, reason: "\(error)")
        }
    }
}
