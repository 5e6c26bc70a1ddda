import Foundation
import Index
import MelshardCore
import Safetensors

/// What `melshard verify` found. Field names are stable (docs/build.md).
public struct VerifyReport: Sendable, Encodable, Equatable {
    public struct Damage: Sendable, Codable, Equatable {
        public var shard: String
        public var file: String
        public var problem: String
    }

    public var formatVersion = 1
    public var output: String
    public var shardsChecked = 0
    public var bytesChecked: Int64 = 0
    public var damaged: [Damage] = []
    /// Files in `shards/` that the index does not know (left by hand, or by another tool).
    public var unrecordedFiles: [String] = []
    /// What SQLite's integrity check found wrong with `index.sqlite`; when not empty, the shards
    /// are not checked against it (a damaged record proves nothing about them).
    public var indexProblems: [String] = []
    public var ok: Bool { damaged.isEmpty && indexProblems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", output, shardsChecked = "shards_checked", bytesChecked = "bytes_checked",
            damaged
        case unrecordedFiles = "unrecorded_files", indexProblems = "index_problems", ok
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(output, forKey: .output)
        try c.encode(shardsChecked, forKey: .shardsChecked)
        try c.encode(bytesChecked, forKey: .bytesChecked)
        try c.encode(damaged, forKey: .damaged)
        try c.encode(unrecordedFiles, forKey: .unrecordedFiles)
        try c.encode(indexProblems, forKey: .indexProblems)
        try c.encode(ok, forKey: .ok)
    }
}

/// Checks the index with SQLite's `quick_check`, then every shard against it: size, SHA-256, a
/// fully validated header, tensor dtypes and shapes, and the clip ids row by row. Reads only;
/// the next build rewrites the shards this finds damaged, and refuses a damaged index.
public enum Verifier {
    public static func verify(directory: String) throws -> VerifyReport {
        var report = VerifyReport(output: directory)
        do {
            let index = try Index(directory: directory, readOnly: true)
            report.indexProblems = try index.integrityProblems()
            if report.indexProblems.isEmpty { try verifyShards(index, directory: directory, into: &report) }
        } catch let error as IndexError {
            // Not damage, and not intact either: a build that stopped before its first transaction.
            guard case .unfinished = error.reason else { try report.addDamage(error); return report }
            report.indexProblems.append("holds no index yet: the build that made it stopped before writing its tables")
        } catch {
            try report.addDamage(error)
        }
        return report
    }

    /// The report already names the shard's file, so a safetensors error's own path is left out.
    private static func withoutPath(_ error: any Error) -> String {
        guard var error = error as? SafetensorsError else { return "\(error)" }
        error.path = ""
        return "\(error)"
    }

    private static func verifyShards(_ index: Index, directory: String, into report: inout VerifyReport) throws {
        let shards = try index.shards()
        for name in shards.keys.sorted() {
            let shard = shards[name]!
            let file = "shards/\(name).safetensors"
            report.shardsChecked += 1
            func damaged(_ problem: String) { report.damaged.append(.init(shard: name, file: file, problem: problem)) }
            let path = directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else { damaged("file missing"); continue }
            let bytes = [UInt8](data)
            report.bytesChecked += Int64(bytes.count)
            if Int64(bytes.count) != shard.byteSize {
                damaged("\(bytes.count) bytes, the index records \(shard.byteSize)")
            }
            if SHA256Digest.hex(of: bytes) != shard.sha256 { damaged("sha256 differs from the index") }
            let parsed: SafetensorsFile
            do { parsed = try SafetensorsFile(bytes: bytes, path: path) } catch {
                damaged(withoutPath(error))
                continue
            }
            let expectedRows = try index.clipIDs(inShard: name)
            do {
                let features = try parsed.tensor("features")
                let shape = "[" + features.shape.map(String.init).joined(separator: ",") + "]"
                if shape != shard.featuresShape {
                    damaged("features shape \(shape), the index records \(shard.featuresShape)")
                }
                let dtype = shard.featuresDType == "float16" ? SafetensorsDType.f16 : .f32
                if features.dtype != dtype {
                    damaged("features dtype \(features.dtype.rawValue), the index records \(shard.featuresDType)")
                }
                let labels = try parsed.tensor("labels")
                if labels.shape.first != expectedRows.count {
                    damaged("labels hold \(labels.shape.first ?? 0) rows, expected \(expectedRows.count)")
                }
                if try parsed.int64s("clip_ids") != expectedRows {
                    damaged("clip_ids differ from the index's shard_rows")
                }
            } catch {
                damaged(withoutPath(error))
            }
        }
        let known = Set(shards.keys.map { "\($0).safetensors" })
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/shards")) ?? []
        report.unrecordedFiles = files.filter { $0.hasSuffix(".safetensors") && !known.contains($0) }.sorted()
    }
}

extension VerifyReport {
    /// A header that is not SQLite's, or a page the reads stumble on: damage, reported like the
    /// rest; any other error is rethrown.
    fileprivate mutating func addDamage(_ error: any Error) throws {
        guard let message = Index.damageMessage(error) else { throw error }
        indexProblems.append(message)
    }
}
