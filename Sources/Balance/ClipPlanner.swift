import Foundation
import MelshardCore
import Recipe

/// Cuts clips from sources and assigns splits, as the recipe's `[classes]`, `[task]`,
/// `[splits]` and `[clips]` say, in that order (docs/balance.md): labels are merged and
/// classes selected, the multi-label policy turns each source into one or more *units* (a
/// source and the labels its clips carry), whole groups are assigned to splits or folds, and
/// only then are clips cut, so crops inherit their source's split. Every random choice draws
/// from a stream named by stable ids (a class, a corpus and path, a group), so the plan of one
/// class never depends on which sources other classes have.
public struct ClipPlanner: Sendable {
    public var recipe: Recipe
    /// Where the plan's clips are written (`ClipSpool`): scratch files with no name, gone when
    /// the plan is.
    public var scratchDirectory: String

    public init(recipe: Recipe, scratchDirectory: String = NSTemporaryDirectory()) {
        (self.recipe, self.scratchDirectory) = (recipe, scratchDirectory)
    }

    /// Whether no label is listed twice: a source has a handful, so a quadratic look beats a set.
    static func distinct(_ labels: [String]) -> Bool {
        for i in labels.indices.dropFirst() where labels[..<i].contains(labels[i]) { return false }
        return true
    }

    /// Throws only when the clips' scratch file cannot be written or read (a full disk).
    public func plan(_ sources: [PlanSource]) throws(FileError) -> ClipPlan {
        var rejects: [Reject] = []
        let merged = sources.map { source in
            // Usually nothing merges and the labels are distinct: the source's own array is then
            // shared, not copied, one array fewer per source.
            if recipe.classes.merge.isEmpty && Self.distinct(source.labels) { return source.labels }
            return source.labels.map(recipe.classes.merged).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }
        }
        var found: [String: Int] = [:]
        for names in merged { for name in names { found[name, default: 0] += 1 } }
        let selected = ClassSelector(selection: recipe.classes, listed: recipe.task.labels).select(
            sourcesPerClass: found)
        let labels = selected.kept
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var sourceLabels = SourceLabels()
        var units = Units(sources: sources, classNames: labels)
        // A unit per word occurrence, or per label under `duplicate`: room for all at once.
        units.all.reserveCapacity(sources.reduce(0) { $0 + ($1.wordClips?.count ?? max(1, $1.labels.count)) })
        let mixturePlanners = mixturePlanners()
        let mixtureCorpora = Set(mixturePlanners.keys)
        let singleLabels = labels.indices.map { [$0] }
        var tracks: [String: MixtureTrack] = [:]

        for (position, (source, names)) in zip(sources, merged).enumerated() {
            sourceLabels.append(id: source.id, classes: names.compactMap { labelIndex[$0] }.sorted())
            switch verdict(
                for: source, at: position, names: names, selected: selected, labelIndex: labelIndex,
                singleLabels: singleLabels,
                mixtureCorpora: mixtureCorpora)
            {
            case .rejected(let reject): rejects.append(reject)
            case .units(let made): units.all += made
            case .stem(let track, let label):
                tracks["\(source.corpus)/\(track)", default: MixtureTrack(corpus: source.corpus, name: track)].add(
                    source, at: position, as: label)
            }
        }

        let mixtures = planMixtures(
            tracks, planners: mixturePlanners, labelIndex: labelIndex, units: &units, rejects: &rejects)

        assignSplits(&units, labels: labels)
        var collector = ClipCollector(directory: scratchDirectory)
        var classes = labels.map { ClassBalance(label: $0, target: recipe.clips.perClass) }
        if let target = recipe.clips.perClass {
            balancedClips(
                units, target: target, labels: labels, classes: &classes, rejects: &rejects, into: &collector)
        } else {
            everySourceClips(units, rejects: &rejects, into: &collector)
        }
        let clips = try collector.takeSortedByID()
        sourceLabels.finish()
        countClasses(&classes, found: found, units: units, clips: clips, perSourceClass: collector.perSourceClass)
        var plan = ClipPlan(
            labels: labels, sources: collector.used, clips: clips, rejects: rejects, sourceLabels: sourceLabels,
            classes: classes)
        plan.mixtures = mixtures
        return plan
    }

    /// Decides every unit's split (and fold) per group, before any clip is cut. Groups are
    /// per corpus; sources with identical audio (`contentHash`) join their groups even across
    /// corpora, so no copy can sit on the other side of a split.
    func assignSplits(_ units: inout Units, labels: [String]) {
        switch recipe.splits.method {
        case .none: return
        case .official:
            for i in units.all.indices {
                units.all[i].placement = .init(
                    split: units.source(of: units.all[i]).officialSplit ?? "train", fold: nil)
            }
            return
        case .ratios, .kfold: break
        }
        // Each group's key is made once and each source names its group by position: the map of
        // content hashes has an entry per source, a million at study 000's scale, and a key
        // string of its own in each took about 190 bytes of it (docs/build.md, "Memory").
        var union = KeyUnion()
        var keys: [String] = []
        var keyPosition: [String: Int32] = [:]
        var groupOf = [Int32](repeating: -1, count: units.sources.count)
        var firstOfHash: [String: Int32] = [:]
        for unit in units.all where groupOf[Int(unit.source)] < 0 {
            let source = units.source(of: unit)
            let key = "\(source.corpus)/\(source.group)"
            let group = keyPosition[key] ?? Int32(keys.count)
            if group == keys.count {
                keys.append(key)
                keyPosition[key] = group
                union.add(key)
            }
            groupOf[Int(unit.source)] = group
            if let hash = source.contentHash {
                if let other = firstOfHash[hash] {
                    union.join(key, keys[Int(other)])
                } else {
                    firstOfHash[hash] = group
                }
            }
        }
        firstOfHash = [:]
        let rootOf = keys.map { union.find($0) }
        var labelsOf: [String: Set<Int>] = [:]
        var sourcesOf: [String: Int] = [:]
        for unit in units.all { labelsOf[rootOf[Int(groupOf[Int(unit.source)])], default: []].formUnion(unit.labels) }
        for group in groupOf where group >= 0 { sourcesOf[rootOf[Int(group)], default: 0] += 1 }
        // Strata are named by class names, not indices, so that a class's phase does not move
        // when another class is added before it.
        let members = labelsOf.keys.sorted().map { root in
            GroupAssigner.Member(
                key: root, stratum: labelsOf[root]!.map { labels[$0] }.sorted().joined(separator: "\u{1F}"),
                weight: sourcesOf[root]!)
        }
        let placements = GroupAssigner(seed: recipe.seed, splits: recipe.splits).assign(members)
        for i in units.all.indices {
            units.all[i].placement = placements[rootOf[Int(groupOf[Int(units.all[i].source)])]]!
        }
    }

    /// Without `per_class`: `per_source` clips (one for `start` and `center`) from every unit,
    /// capped by `max_per_source` and, with a gap, by what the audio holds.
    func everySourceClips(_ units: Units, rejects: inout [Reject], into clips: inout ClipCollector) {
        let placer = CropPlacer(recipe: recipe)
        for unit in units.all {
            if unit.occurrence >= 0 {
                cut(unit, of: units, count: 1, placer: placer, into: &clips) { _ in WordClipReason.centred }
                continue
            }
            if let mixture = unit.mixture {
                clips.append(contentsOf: mixtureClips(units.source(of: unit), unit, mixture))
                continue
            }
            let source = units.source(of: unit)
            var count =
                switch recipe.clips.crop {
                case .random: min(recipe.clips.perSource, recipe.clips.maxPerSource ?? .max)
                case .patches:
                    min(placer.capacity(available: source.samplesAtFeatureRate), recipe.clips.maxPerSource ?? .max)
                case .start, .center: 1
                }
            if recipe.clips.minGapSeconds != nil {
                let capacity = placer.capacity(available: source.samplesAtFeatureRate)
                if capacity < count {
                    rejects.append(
                        Reject(
                            corpus: source.corpus, path: source.path, stage: .balance, code: "fewer-crops",
                            reason: "\(capacity) of the \(count) crops asked for fit with clips.min_gap_seconds = "
                                + "\(recipe.clips.minGapSeconds!) between them", kept: true))
                    count = capacity
                }
            }
            let reason: (Int) -> String =
                switch recipe.clips.crop {
                case .start: { _ in "start" }
                case .center: { _ in "center" }
                case .random: { "crop \($0 + 1) of \(count)" }
                case .patches: { "patch \($0 + 1) of \(count)" }
                }
            cut(unit, of: units, count: count, placer: placer, into: &clips, reason: reason)
        }
    }

    /// With `per_class = N`: per class, a seeded subset of N units with one clip each when it
    /// has at least N, otherwise N crops shared out evenly over its units (docs/balance.md).
    func balancedClips(
        _ units: Units, target: Int, labels: [String], classes: inout [ClassBalance],
        rejects: inout [Reject], into clips: inout ClipCollector
    ) {
        let placer = CropPlacer(recipe: recipe)
        // Positions into `units`, not copies of them.
        var byClass: [Int: [Int32]] = [:]
        for (i, unit) in units.all.enumerated() { byClass[unit.labels[0], default: []].append(Int32(i)) }
        for (c, label) in labels.enumerated() {
            guard let members = byClass[c], !members.isEmpty else {
                classes[c].shortfall = target
                rejects.append(
                    shortfall(
                        label, have: 0, target: target, why: "no source of the class is left after the checks above"))
                continue
            }
            func ordered(_ purpose: String) -> [Unit] {
                members.map { position -> (UInt64, Unit) in
                    let unit = units.all[Int(position)]
                    var random = SeededRandom(
                        seed: recipe.seed, stream: "\(purpose)/\(label)/\(units.stream(of: unit))")
                    return (random.next(), unit)
                }.sorted {
                    // The stream names only break a tie of the draws: built only then.
                    $0.0 != $1.0 ? $0.0 < $1.0 : units.stream(of: $0.1) < units.stream(of: $1.1)
                }.map(\.1)
            }
            if members.count >= target {
                for unit in ordered("subset").prefix(target) {
                    cut(unit, of: units, count: 1, placer: placer, into: &clips) { _ in
                        unit.occurrence >= 0 ? WordClipReason.centred : "subset"
                    }
                }
                continue
            }
            let order = ordered("quota")
            let cap = recipe.clips.maxPerSource ?? .max
            let counts = ClipQuota.share(
                target, capacities: order.map { capacity(of: $0, in: units, placer: placer, cap: cap) })
            for (unit, count) in zip(order, counts) where count > 0 {
                cut(unit, of: units, count: count, placer: placer, into: &clips) { k in
                    guard unit.occurrence >= 0 else { return "crop \(k + 1) of \(count)" }
                    return k == 0 ? WordClipReason.centred : WordClipReason.jitter(k, of: count - 1)
                }
            }
            let planned = counts.reduce(0, +)
            if planned < target {
                classes[c].shortfall = target - planned
                var limits: [String] = []
                if let g = recipe.clips.minGapSeconds { limits.append("min_gap_seconds = \(g)") }
                if let m = recipe.clips.maxPerSource { limits.append("max_per_source = \(m)") }
                if members.contains(where: { units.all[Int($0)].occurrence >= 0 }) {
                    limits.append(
                        recipe.clips.wordJitter.map { "word_margin_seconds = \($0.marginSeconds) around each word" }
                            ?? "one clip per word occurrence (word_jitter is off)")
                } else if recipe.clips.crop != .random {
                    limits.append("crop = \"\(recipe.clips.crop.rawValue)\" (one clip per source)")
                }
                let why =
                    "its \(members.count) source(s) hold no more"
                    + (limits.isEmpty ? "" : " with " + limits.joined(separator: ", "))
                rejects.append(shortfall(label, have: planned, target: target, why: why))
            }
        }
    }

    /// Each kept segment of a track, once per stem combination, labelled with the stems in it.
    private func mixtureClips(_ anchor: PlanSource, _ unit: Unit, _ mixture: MixtureUnit) -> [PlannedClip] {
        mixture.segments.flatMap { k in
            mixture.combinations.map { mask in
                let members = mixture.members(mask)
                let name = members.map(\.name).joined(separator: "+")
                return PlannedClip(
                    id: StableID.of("clip", anchor.corpus, anchor.path, "mixture", String(k), name),
                    sourceID: anchor.id, start: k * recipe.clipSamples, length: recipe.clipSamples,
                    labels: members.map(\.label).sorted(), split: unit.placement.split, fold: unit.placement.fold,
                    reason: "mixture \(name), segment \(k + 1) of \(mixture.segmentCount)",
                    mixture: members.map(\.source))
            }
        }
    }

    /// One planner per corpus with `mixtures = true`, keyed by corpus name.
    private func mixturePlanners() -> [String: StemMixturePlanner] {
        var planners: [String: StemMixturePlanner] = [:]
        for corpus in recipe.corpora {
            guard let spec = corpus.mixtures, case .musdb(let options) = corpus.options else { continue }
            let names = options.stems.map { recipe.classes.merged($0.rawValue) }
            planners[corpus.name] = StemMixturePlanner(
                spec: spec, stemNames: names, clipSamples: recipe.clipSamples,
                sampleRate: recipe.features.parameters.sampleRate)
        }
        return planners
    }

    private func shortfall(_ label: String, have: Int, target: Int, why: String) -> Reject {
        Reject(
            corpus: nil, path: "class \(label)", stage: .balance, code: "class-short",
            reason:
                "class '\(label)' has \(have) of the \(target) clips asked for (clips.per_class), \(target - have) short: \(why)",
            kept: true)
    }

    /// How many clips a unit can give toward its class's quota: a word occurrence one, or what
    /// `word_jitter` finds room for; a source what its audio holds under the crop rules.
    private func capacity(of unit: Unit, in units: Units, placer: CropPlacer, cap: Int) -> Int {
        let available = units.source(of: unit).samplesAtFeatureRate
        guard let word = units.word(of: unit) else { return min(cap, placer.capacity(available: available)) }
        guard let spec = recipe.clips.wordJitter else { return 1 }
        return min(cap, WordJitter(recipe: recipe, spec: spec).capacity(for: word, available: available))
    }

    private func cut(
        _ unit: Unit, of units: Units, count: Int, placer: CropPlacer, into clips: inout ClipCollector,
        reason: (Int) -> String
    ) {
        let source = units.source(of: unit)
        let available = source.samplesAtFeatureRate
        let starts: [Int]
        if let word = units.word(of: unit) {
            starts =
                count == 1
                ? [word.start]
                : WordJitter(recipe: recipe, spec: recipe.clips.wordJitter!).starts(
                    for: word, available: available, count: count, stream: units.stream(of: unit))
        } else {
            starts = placer.starts(count: count, available: available, stream: units.stream(of: unit))
        }
        for (k, start) in starts.enumerated() {
            clips.append(
                PlannedClip(
                    id: units.clipID(of: unit, k), sourceID: source.id, start: start, length: recipe.clipSamples,
                    labels: unit.labels,
                    split: unit.placement.split, fold: unit.placement.fold, reason: reason(k)))
        }
    }
}
