import MelshardCore
import Recipe

/// Cuts clips from sources and assigns splits, as the recipe's `[clips]`, `[splits]` and
/// `[task]` say. Every random choice draws from a stream named by stable ids, so the plan of
/// one source never depends on which other sources exist.
public struct ClipPlanner: Sendable {
    public var recipe: Recipe

    public init(recipe: Recipe) { self.recipe = recipe }

    public func plan(_ sources: [PlanSource]) -> ClipPlan {
        var rejects: [Reject] = []
        let found = Set(sources.flatMap(\.labels))
        let labels = recipe.task.labels ?? found.sorted()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let length = recipe.clipSamples
        let rate = Double(recipe.features.parameters.sampleRate)
        var kept: [Int64: PlanSource] = [:]
        var clips: [PlannedClip] = []

        for source in sources {
            func reject(_ code: String, _ reason: String) {
                rejects.append(Reject(corpus: source.corpus, path: source.path, stage: .balance, code: code, reason: reason))
            }
            if source.labels.isEmpty {
                reject("no-label", "the corpus gives this source no label (for Common Voice: set label_column, or let Align add word labels)")
                continue
            }
            let unknown = source.labels.filter { labelIndex[$0] == nil }
            let indices = source.labels.compactMap { labelIndex[$0] }.sorted()
            if indices.isEmpty {
                reject("unlisted-label", "label \(unknown.joined(separator: ", ")) is not in task.labels")
                continue
            }
            if recipe.task.kind == .singleLabel && indices.count > 1 {
                reject("several-labels", "\(indices.count) labels on a single-label task")
                continue
            }
            let available = source.samplesAtFeatureRate
            if available < length && recipe.clips.short == .reject {
                reject("shorter-than-clip", String(format: "%.3f s of audio, shorter than the %.3f s clip", Double(available) / rate, Double(length) / rate))
                continue
            }
            guard let split = split(of: source) else {
                reject("no-official-split", "splits.method is \"official\" and the corpus gives this source no split")
                continue
            }
            let slack = max(0, available - length)
            let count = recipe.clips.crop == .random ? recipe.clips.perSource : 1
            for k in 0..<count {
                let start: Int
                let reason: String
                switch recipe.clips.crop {
                case .start: (start, reason) = (0, "start")
                case .center: (start, reason) = (slack / 2, "center")
                case .random:
                    var random = SeededRandom(seed: recipe.seed, stream: "crop/\(source.corpus)/\(source.path)/\(k)")
                    start = Int(random.next() % UInt64(slack + 1))
                    reason = "crop \(k + 1) of \(count)"
                }
                clips.append(PlannedClip(id: StableID.of("clip", source.corpus, source.path, String(k)), sourceID: source.id,
                                         start: start, length: length, labels: indices, split: split, fold: nil, reason: reason))
            }
            kept[source.id] = source
        }
        clips.sort { $0.id < $1.id }
        return ClipPlan(labels: labels, sources: kept, clips: clips, rejects: rejects)
    }

    /// The split of the source's whole group: one seeded draw per group, so a group's sources
    /// always land together and adding a group moves no other. Nil when the official split is
    /// asked for and the source has none.
    func split(of source: PlanSource) -> String? {
        let s = recipe.splits
        switch s.method {
        case .none: return "train"
        case .official: return source.officialSplit
        case .ratios:
            var random = SeededRandom(seed: recipe.seed, stream: "split/\(source.corpus)/\(source.group)")
            let u = random.nextUnit()
            if u < s.train { return "train" }
            if u < s.train + s.validation { return "validation" }
            return s.test > 0 ? "test" : (s.validation > 0 ? "validation" : "train")
        }
    }
}
