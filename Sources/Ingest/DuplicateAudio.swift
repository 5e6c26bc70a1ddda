import MelshardCore

/// Finds byte-identical audio under different names (GTZAN and Ballroom ship such replicas),
/// keeps every copy, and merges the copies' groups so that they land in one split: a replica
/// on both sides of a split would inflate test accuracy.
public enum DuplicateAudio {
    public struct Result: Sendable {
        /// The sources with merged groups, in the order given.
        public var accepted: [(SourceCandidate, ProbedSource)]
        /// One `duplicate-audio` record (kept, not dropped) per copy after the first.
        public var notices: [Reject]
    }

    public static func merge(_ accepted: [(SourceCandidate, ProbedSource)]) -> Result {
        var byHash: [String: [Int]] = [:]
        for (i, (_, probed)) in accepted.enumerated() { byHash[probed.contentHash, default: []].append(i) }
        var groups = GroupUnion()
        var notices: [Reject] = []
        for positions in byHash.values where positions.count > 1 {
            let ordered = positions.sorted { (accepted[$0].0.corpus, accepted[$0].0.path) < (accepted[$1].0.corpus, accepted[$1].0.path) }
            let first = accepted[ordered[0]].0
            for position in ordered.dropFirst() {
                let copy = accepted[position].0
                let hash = accepted[position].1.contentHash.prefix(12)
                if copy.corpus == first.corpus {
                    groups.join(corpus: copy.corpus, copy.group, first.group)
                    notices.append(Reject(corpus: copy.corpus, path: copy.path, stage: .ingest, code: "duplicate-audio",
                                          reason: "the same bytes as \(first.path) (sha256 \(hash)…); both kept, in one group so they never straddle splits",
                                          kept: true))
                } else {
                    notices.append(Reject(corpus: copy.corpus, path: copy.path, stage: .ingest, code: "duplicate-audio",
                                          reason: "the same bytes as \(first.path) in corpus '\(first.corpus)' (sha256 \(hash)…); both kept, "
                                              + "but groups are per corpus, so they may land in different splits", kept: true))
                }
            }
        }
        var merged = accepted
        for i in merged.indices { merged[i].0.group = groups.representative(corpus: merged[i].0.corpus, merged[i].0.group) }
        notices.sort { ($0.corpus ?? "", $0.path) < ($1.corpus ?? "", $1.path) }
        return Result(accepted: merged, notices: notices)
    }
}

/// Union–find over one corpus's group names; a merged set is named by its smallest member, so
/// the result does not depend on the order pairs were found in.
private struct GroupUnion {
    private var parent: [String: String] = [:]

    private mutating func find(_ key: String) -> String {
        var root = key
        while let p = parent[root], p != root { root = p }
        var node = key
        while let p = parent[node], p != root {
            parent[node] = root
            node = p
        }
        return root
    }

    mutating func join(corpus: String, _ a: String, _ b: String) {
        let ra = find(corpus + "\u{0}" + a), rb = find(corpus + "\u{0}" + b)
        if ra == rb { return }
        if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
    }

    mutating func representative(corpus: String, _ group: String) -> String {
        let root = find(corpus + "\u{0}" + group)
        return String(root.dropFirst(corpus.count + 1))
    }
}
