import Balance
import MelshardCore

/// A shard's content key, kept in three parts so a dry run can say which one changed.
struct ShardKey: Codable, Equatable {
    /// The format version, feature parameters, dtype, task kind, label names and seed.
    var parameters: String
    /// The clips: ids, regions and labels.
    var membership: String
    /// The content hashes of the sources the clips are cut from.
    var sources: String

    var contentKey: ContentKey {
        ContentKey.of(["parameters": parameters, "membership": membership, "sources": sources])
    }

    init(parameters: ContentKey, shard: PlannedShard, sourceHashes: [Int64: String]) {
        self.parameters = parameters.hex
        var membership = ContentKey.Builder()
        var mixed: Set<Int64> = []
        for clip in shard.clips {
            // A plain clip's line is unchanged from before mixtures existed, so their shards keep their keys.
            let mixture = clip.mixture.isEmpty ? "" : " mix \(clip.mixture)"
            // Likewise a clip's fold, which only k-fold builds have (and store in the `folds` tensor).
            let fold = clip.fold.map { " fold \($0)" } ?? ""
            membership.add(
                "clip", "\(clip.id) \(clip.sourceID) \(clip.start) \(clip.length) \(clip.labels)" + mixture + fold)
            mixed.formUnion(clip.mixture)
        }
        self.membership = membership.finish().hex
        var sources = ContentKey.Builder()
        for id in shard.sources { sources.add(String(id), sourceHashes[id] ?? "") }
        // A mixture's stems other than its track's first are heard too: their audio is part of the key.
        for id in mixed.subtracting(shard.sources).sorted() { sources.add(String(id), sourceHashes[id] ?? "") }
        self.sources = sources.finish().hex
    }

    /// Why a shard with the `previous` key must be rewritten to get this one.
    func reasons(comparedWith previous: ShardKey?) -> [String] {
        guard let previous else { return ["content key changed"] }
        var reasons: [String] = []
        if previous.parameters != parameters {
            reasons.append("feature parameters, labels, seed or shard format changed")
        }
        if previous.membership != membership {
            reasons.append("its clips changed (sources added, removed or re-cropped)")
        }
        if previous.sources != sources { reasons.append("source audio changed") }
        return reasons.isEmpty ? ["content key changed"] : reasons
    }
}

/// What the index keeps about a shard unit besides its key: the key's parts and the rejects
/// its sources produced, so a reused shard reports them again.
struct ShardUnitDetail: Codable {
    var key: ShardKey
    var rejects: [Reject]
}
