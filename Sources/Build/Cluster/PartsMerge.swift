import Balance
import Foundation
import Index
import MelshardCore

/// The parts of a build being merged (docs/cluster.md): their own indexes, opened read-only as
/// they are needed, and the planned shards that no part holds as planned.
final class PartsMerge {
    let directory: String
    let parts: Int
    /// Planned shards that their part has not written as planned, by part.
    private(set) var absent: [Int: [String]] = [:]
    private var opened: [Int: PartIndex?] = [:]

    /// A part's index and what the merge takes from it.
    private struct PartIndex {
        var index: Index
        var shards: [String: ShardRow]
        var units: UnitRunner<ShardUnitDetail>
    }

    init(directory: String, parts: Int) {
        self.directory = directory
        self.parts = parts
    }

    /// The index file of part `part`, relative to the output folder.
    private func indexPath(_ part: Int) -> String { "\(BuildPart.folder)/\(part)-of-\(parts).sqlite" }

    /// The part's index; nil when the file is missing or holds no schema yet (killed before its
    /// first commit). A damaged one is an error, as for a build.
    private func partIndex(_ part: Int) throws -> PartIndex? {
        if let cached = opened[part] { return cached }
        var loaded: PartIndex?
        let file = directory + "/" + indexPath(part)
        if FileManager.default.fileExists(atPath: file) {
            do {
                let index = try IndexDamage.checked(file: file, readOnly: true)
                loaded = PartIndex(
                    index: index, shards: try index.shards(),
                    units: try UnitRunner(stage: BuildEngine.shardStage, index: index, dryRun: true))
            } catch let error as IndexError {
                guard case .unfinished = error.reason else { throw error }
            }
        }
        opened[part] = loaded
        return loaded
    }

    /// Copies the parts' units of `stages` that `main` lacks into it, so the merge reuses the
    /// probes every part made (each read and hashed every source) instead of reading the
    /// corpus again. A unit that no longer fits is redone by the merge like any stale unit.
    func seedUnits(of stages: [String], into main: Index) throws {
        for part in 0..<parts {
            guard let source = try partIndex(part) else { continue }
            for stage in stages {
                let into = try UnitRunner<String>(stage: stage, index: main, dryRun: false)
                try into.adopt(try UnitRunner<String>(stage: stage, index: source.index, dryRun: true))
            }
        }
    }

    /// The shard as its part wrote it: recorded under the same content key in the part's index,
    /// and its file on disk with the recorded size (and the recorded bytes, when its time moved).
    /// Nil, and counted absent, otherwise.
    func take(_ shard: PlannedShard, key: ShardKey, shardsDirectory: String) throws -> WrittenShard? {
        let owner = BuildPart.owner(of: shard.name, parts: parts)
        let path = shardsDirectory + "/" + shard.name + ".safetensors"
        guard let part = try partIndex(owner), var row = part.shards[shard.name], row.contentKey == key.contentKey.hex,
            let stored = part.units.storedUnit(shard.name),
            let detail = try? JSONDecoder().decode(ShardUnitDetail.self, from: Data(stored.detail.utf8)),
            detail.key == key, let status = DurableFile.status(path), status.size == row.byteSize,
            status.mtimeNanoseconds == row.mtimeNanoseconds || (try? SHA256Digest.hex(ofFile: path)) == row.sha256
        else {
            absent[owner, default: []].append(shard.name)
            return nil
        }
        row.mtimeNanoseconds = status.mtimeNanoseconds
        let output = ShardOutput(
            rows: try part.index.clipIDs(inShard: shard.name),
            bandSums: try part.index.bandSums(shards: [shard.name])[0], rejects: detail.rejects, decodedSources: 0,
            featuresShape: [], byteSize: row.byteSize, sha256: row.sha256)
        return WrittenShard(output: output, row: row, detail: detail)
    }

    /// One line per part with absent shards, saying what became of it and what to do.
    func problems(planned: [PlannedShard], recipePath: String) throws -> PartsIncomplete {
        var lines: [String] = []
        for part in absent.keys.sorted() {
            let owned = planned.filter { BuildPart.owner(of: $0.name, parts: parts) == part }.count
            let written = owned - absent[part]!.count
            let name = "part \(part)/\(parts)"
            let rerun = "melshard build \(recipePath) --part \(part)/\(parts) --out \(directory)"
            let file = directory + "/" + indexPath(part)
            if !FileManager.default.fileExists(atPath: file) {
                lines.append("\(name): missing: no \(indexPath(part)), so it never ran into this folder; run \(rerun)")
            } else if try partIndex(part)?.index.latestBuildFinished() != true {
                lines.append(
                    "\(name): failed or killed before it finished (\(written) of \(owned) shard(s) written); "
                        + "run it again, it resumes: \(rerun)")
            } else {
                lines.append(
                    "\(name): \(owned - written) of \(owned) shard(s) absent or out of date (deleted or damaged "
                        + "since, or the recipe or sources changed after it ran); run it again: \(rerun)")
            }
        }
        return PartsIncomplete(
            directory: directory, absentShards: absent.values.reduce(0) { $0 + $1.count }, plannedShards: planned.count,
            lines: lines)
    }
}

/// What `melshard merge` found missing: one line per part that did not write all its shards.
public struct PartsIncomplete: Sendable, Equatable, CustomStringConvertible {
    public var directory: String
    public var absentShards: Int
    public var plannedShards: Int
    public var lines: [String]

    public var description: String {
        "\(directory): cannot merge: \(absentShards) of \(plannedShards) planned shard(s) not written by their "
            + "part (\(lines.count) part(s)); the shards found are recorded, so a merge after rerunning "
            + "these parts takes only theirs:\n" + lines.joined(separator: "\n")
    }
}
