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
        // Keys are corpus and group, since group names are per corpus.
        var groups = KeyUnion()
        var notices: [Reject] = []
        for positions in byHash.values where positions.count > 1 {
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
        var merged = accepted
        for i in merged.indices {
            let corpus = merged[i].0.corpus
            merged[i].0.group = String(groups.find(corpus + "\u{0}" + merged[i].0.group).dropFirst(corpus.count + 1))
        }
        notices.sort { ($0.corpus ?? "", $0.path) < ($1.corpus ?? "", $1.path) }
        return Result(accepted: merged, notices: notices)
    }
}
