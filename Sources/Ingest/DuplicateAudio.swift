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

    public static func merge(_ accepted: consuming [(SourceCandidate, ProbedSource)]) -> Result {
        // Runs of one hash in an order of 4-byte positions, not a dictionary keyed by every
        // source's hash: a million sources would hold some 250 MB of keys and position lists.
        let byHash = (0..<Int32(accepted.count)).sorted {
            (accepted[Int($0)].1.contentHash, $0) < (accepted[Int($1)].1.contentHash, $1)
        }
        var copies: [[Int]] = []
        var start = 0
        while start < byHash.count {
            var end = start + 1
            let hash = accepted[Int(byHash[start])].1.contentHash
            while end < byHash.count && accepted[Int(byHash[end])].1.contentHash == hash { end += 1 }
            if end - start > 1 { copies.append(byHash[start..<end].map { Int($0) }) }
            start = end
        }
        // Keys are corpus and group, since group names are per corpus.
        var groups = KeyUnion()
        var notices: [Reject] = []
        for positions in copies {
            let ordered = positions.sorted {
                (accepted[$0].0.corpus, accepted[$0].0.path) < (accepted[$1].0.corpus, accepted[$1].0.path)
            }
            let first = accepted[ordered[0]].0
            for position in ordered.dropFirst() {
                let copy = accepted[position].0
                let hash = accepted[position].1.contentHash.prefix(12)
                if copy.corpus == first.corpus {
                    groups.join(copy.corpus + "\u{0}" + copy.group, first.corpus + "\u{0}" + first.group)
                    notices.append(
                        Reject(
                            corpus: copy.corpus, path: copy.path, stage: .ingest, code: "duplicate-audio",
                            reason:
                                "the same bytes as \(first.path) (sha256 \(hash)…); both kept, in one group so they never straddle splits",
                            kept: true))
                } else {
                    notices.append(
                        Reject(
                            corpus: copy.corpus, path: copy.path, stage: .ingest, code: "duplicate-audio",
                            reason:
                                "the same bytes as \(first.path) in corpus '\(first.corpus)' (sha256 \(hash)…); both kept, "
                                + "and the split planner keeps identical audio in one split across corpora", kept: true)
                    )
                }
            }
        }
        // The sources are taken, not copied, and a group string is replaced only where a merge
        // changed it: each source's own string is kept, not remade.
        var merged = consume accepted
        if !copies.isEmpty {
            for i in merged.indices {
                let corpus = merged[i].0.corpus
                let key = corpus + "\u{0}" + merged[i].0.group
                let root = groups.find(key)
                if root != key { merged[i].0.group = String(root.dropFirst(corpus.count + 1)) }
            }
        }
        notices.sort { ($0.corpus ?? "", $0.path) < ($1.corpus ?? "", $1.path) }
        return Result(accepted: merged, notices: notices)
    }
}
