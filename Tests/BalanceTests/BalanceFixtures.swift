import Balance
import Recipe

/// Plan sources for planner tests: `counts[class]` sources of `seconds` each, one group per
/// source unless `perGroup` says otherwise, at 1000 Hz so that samples read as milliseconds.
enum BalanceFixtures {
    static let rate = 1000

    static func recipe(_ edit: (inout Recipe) -> Void = { _ in }) -> Recipe {
        var r = Recipe(name: "t", seed: 17, corpora: [CorpusSpec(name: "c", root: "/c")])
        r.features.parameters.sampleRate = rate
        r.features.parameters.hop = 10
        r.clips = ClipSpec(lengthSeconds: 1)
        edit(&r)
        return r
    }

    static func sources(
        _ counts: [String: Int], seconds: Double = 10, perGroup: Int = 1, corpus: String = "c"
    ) -> [PlanSource] {
        counts.keys.sorted().flatMap { label in
            (0..<counts[label]!).map { i in
                PlanSource(
                    corpus: corpus, path: "\(label)/\(i).wav", labels: [label], group: "\(label)/g\(i / perGroup)",
                    samplesAtFeatureRate: Int(seconds * Double(rate)), contentHash: "\(corpus)/\(label)/\(i)")
            }
        }
    }

    static func source(
        _ path: String, _ labels: [String], seconds: Double = 10, group: String? = nil, corpus: String = "c",
        hash: String? = nil
    ) -> PlanSource {
        PlanSource(
            corpus: corpus, path: path, labels: labels, group: group ?? path,
            samplesAtFeatureRate: Int(seconds * Double(rate)),
            contentHash: hash ?? "\(corpus)/\(path)")
    }

    /// Clips per class name and split, e.g. `["a": ["train": 8, "test": 1]]`.
    static func counts(_ plan: ClipPlan) -> [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        for clip in plan.clips {
            for l in clip.labels { out[plan.labels[l], default: [:]][clip.split, default: 0] += 1 }
        }
        return out
    }

    static func clips(of label: String, in plan: ClipPlan) -> [PlannedClip] {
        guard let i = plan.labels.firstIndex(of: label) else { return [] }
        return plan.clips.filter { $0.labels.contains(i) }
    }
}
