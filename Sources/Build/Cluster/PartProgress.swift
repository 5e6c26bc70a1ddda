import Foundation
import Index
import MelshardCore

/// How far one part of a build has got (`melshard status`, docs/cluster.md).
public struct PartProgress: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Its last run finished and every shard it owns is recorded.
        case done
        /// A run holds the part's lock now.
        case running
        /// It ran, but was killed or failed, or some of its shards are missing.
        case partial
        /// It has no index: it never ran into this folder.
        case missing
    }

    public var part: Int
    public var parts: Int
    public var state: State
    public var shardsWritten: Int
    /// The shards the part owns in the plan; nil while no part has recorded the plan.
    public var shardsPlanned: Int?

    enum CodingKeys: String, CodingKey {
        case part, parts, state, shardsWritten = "shards_written", shardsPlanned = "shards_planned"
    }

    /// Every part of every part count found in `directory/parts`, parts that never ran included.
    /// Reads only: a running part's index is read as of its last commit (WAL).
    public static func read(directory: String) -> [PartProgress] {
        var out: [PartProgress] = []
        for (count, found) in BuildPart.found(in: directory).sorted(by: { $0.key < $1.key }) {
            var indexes: [Int: Index] = [:]
            for part in found {
                indexes[part.index] = try? Index(file: directory + "/" + part.indexPath, readOnly: true)
            }
            // Every part records the whole plan, so any part's plan tells every part's share.
            let plan = indexes.keys.sorted().lazy.compactMap { try? indexes[$0]!.plannedShardNames() }.first {
                !$0.isEmpty
            }
            for i in 0..<count {
                let part = try! BuildPart(index: i, count: count)
                let owned = plan.map { Set($0.filter(part.owns)) }
                let recorded = (try? indexes[i]?.shards().keys).map { Set($0) } ?? []
                let written = owned.map { recorded.intersection($0).count } ?? recorded.count
                let state: State
                if DirectoryLock.isHeld(path: directory + "/" + BuildPart.folder + "/" + part.lockFileName) {
                    state = .running
                } else if !found.contains(part) {
                    state = .missing
                } else if (try? indexes[i]?.latestBuildFinished()) == true, let owned, written == owned.count {
                    state = .done
                } else {
                    state = .partial
                }
                out.append(
                    PartProgress(
                        part: i, parts: count, state: state, shardsWritten: written, shardsPlanned: owned?.count))
            }
        }
        return out
    }
}
