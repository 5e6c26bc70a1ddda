import Recipe

/// Decides which classes a dataset keeps, from the number of sources carrying each class once
/// labels are merged. The rules run in the order of docs/balance.md (task.labels, allow, deny,
/// `min_sources`, `top_k`), each on what the previous ones left, and every class dropped keeps
/// the rule that dropped it, so the rejects can say why.
struct ClassSelector {
    var selection: ClassSelection
    /// `task.labels`: the classes in index order, when the recipe lists them.
    var listed: [String]?

    struct Outcome {
        /// The classes kept, in index order: `task.labels` order, or sorted by name.
        var kept: [String]
        /// Class → why it was dropped (for classes not dropped by `task.labels`, which keeps its
        /// own reject code, `unlisted-label`).
        var dropped: [String: String]
    }

    func select(sourcesPerClass counts: [String: Int]) -> Outcome {
        var candidates = listed ?? counts.keys.sorted()
        var dropped: [String: String] = [:]
        func drop(where test: (String) -> Bool, _ reason: (String) -> String) {
            for name in candidates where test(name) { dropped[name] = reason(name) }
            candidates.removeAll(where: test)
        }
        if let allow = selection.allow {
            let allowed = Set(allow)
            drop(where: { !allowed.contains($0) }) { _ in "not in classes.allow" }
        }
        let denied = Set(selection.deny)
        drop(where: { denied.contains($0) }) { _ in "in classes.deny" }
        if let least = selection.minSources {
            drop(where: { counts[$0, default: 0] < least }) {
                "\(counts[$0, default: 0]) source(s), fewer than classes.min_sources = \(least)"
            }
        }
        if let k = selection.topK, candidates.count > k {
            let ranked = candidates.sorted { (counts[$0, default: 0], $1) > (counts[$1, default: 0], $0) }
            let top = Set(ranked.prefix(k))
            let last = ranked[k - 1]
            drop(where: { !top.contains($0) }) {
                "\(counts[$0, default: 0]) source(s), not among the classes.top_k = \(k) largest (the smallest kept, '\(last)', has \(counts[last, default: 0]))"
            }
        }
        return Outcome(kept: candidates, dropped: dropped)
    }
}
