import MelshardCore
import Recipe

/// The parts of `ClipPlanner.plan`: what each source gives, the mixture tracks, and the
/// per-class counts of the balance report.
extension ClipPlanner {
    /// What one source gives the plan: units to cut clips from, a stem of a mixture track
    /// (planned with its track), or a reject saying why nothing.
    enum SourceVerdict {
        case units([Unit])
        case stem(track: String, label: String)
        case rejected(Reject)
    }

    /// Applies, in order: a label at all, `task.labels`, class selection, official splits, the
    /// mixture and word-clip cases, the multi-label policy and the short-source rule.
    func verdict(
        for source: PlanSource, at position: Int, names: [String], selected: ClassSelector.Outcome,
        labelIndex: [String: Int],
        singleLabels: [[Int]], mixtureCorpora: Set<String>
    ) -> SourceVerdict {
        func reject(_ code: String, _ reason: String) -> SourceVerdict {
            .rejected(Reject(corpus: source.corpus, path: source.path, stage: .balance, code: code, reason: reason))
        }
        let kept = names.filter { labelIndex[$0] != nil }
        if names.isEmpty {
            return reject(
                "no-label",
                "the corpus gives this source no label (for Common Voice: set label_column, or let Align add word labels)"
            )
        }
        if let listed = recipe.task.labels.map(Set.init), !names.contains(where: listed.contains) {
            return reject("unlisted-label", "label \(names.joined(separator: ", ")) is not in task.labels")
        }
        if kept.isEmpty {
            let why = names.compactMap { name in selected.dropped[name].map { "'\(name)': \($0)" } }
            return reject("class-not-selected", "class not selected: " + why.joined(separator: "; "))
        }
        if recipe.splits.method == .official && source.officialSplit == nil {
            return reject(
                "no-official-split", "splits.method is \"official\" and the corpus gives this source no split")
        }
        if mixtureCorpora.contains(source.corpus) {
            guard let stem = source.mixtureStem else {
                return reject("no-activity", "a stem of a mixture corpus whose activity was not measured")
            }
            // A stem gives no clip of its own: its track is planned whole once all stems are in.
            return .stem(track: stem.track, label: kept[0])
        }
        if let words = source.wordClips {
            // Each occurrence is its own single-label clip, so the multi-label policy and the
            // crop rules do not apply; all of a sentence's clips share its group and split.
            // The one-label arrays are shared too: one per class, not one per occurrence.
            return .units(
                words.indices.compactMap { k in
                    labelIndex[words[k].word].map { Unit(source: position, labels: singleLabels[$0], occurrence: k) }
                })
        }
        var labelSets = [kept.map { labelIndex[$0]! }.sorted()]
        if kept.count > 1 {
            switch recipe.task.policy {
            case .exclude:
                let rule =
                    recipe.task.multiLabelPolicy == nil
                    ? "on a single-label task" : "and task.multi_label_policy is \"exclude\""
                return reject("several-labels", "\(kept.count) labels (\(kept.joined(separator: ", "))) \(rule)")
            case .first: labelSets = [[labelIndex[kept[0]]!]]
            case .duplicate: labelSets = kept.map { [labelIndex[$0]!] }
            case .multiHot: break
            }
        }
        let rate = Double(recipe.features.parameters.sampleRate)
        if source.samplesAtFeatureRate < recipe.clipSamples && recipe.clips.short == .reject {
            return reject(
                "shorter-than-clip",
                String(
                    format: "%.3f s of audio, shorter than the %.3f s clip",
                    Double(source.samplesAtFeatureRate) / rate, Double(recipe.clipSamples) / rate))
        }
        let tagged = labelSets.count > 1
        return .units(labelSets.map { Unit(source: position, labels: $0, tagClass: tagged ? $0[0] : -1) })
    }

    /// Plans each mixture track whole, tracks in name order: the combinations of each kept
    /// segment become one unit, or the track's rejects say why none.
    func planMixtures(
        _ tracks: [String: MixtureTrack], planners: [String: StemMixturePlanner], labelIndex: [String: Int],
        units: inout Units, rejects: inout [Reject]
    ) -> [String: MixtureSummary] {
        var mixtures: [String: MixtureSummary] = [:]
        for key in tracks.keys.sorted() {
            let track = tracks[key]!
            let planner = planners[track.corpus]!
            mixtures[track.corpus, default: MixtureSummary(combinations: (1 << planner.stemNames.count) - 1)].tracks +=
                1
            switch planner.unit(for: track, labelIndex: labelIndex) {
            case .planned(let mixture):
                units.all.append(
                    Unit(
                        source: track.positions[mixture.stems[0].name]!, labels: mixture.stems.map(\.label).sorted(),
                        mixture: mixture))
                mixtures[track.corpus]!.tracksMixed += 1
                mixtures[track.corpus]!.segments += mixture.segmentCount
                mixtures[track.corpus]!.segmentsKept += mixture.segments.count
            case .refused(let refused, let segments):
                rejects += refused
                mixtures[track.corpus]!.segments += segments
            }
        }
        return mixtures
    }

    /// The balance report's per-class counts: sources found, eligible and used, clips, and the
    /// most clips any one source gave.
    ///
    /// Sources used and clips come from the collector's tally (an entry per source and class
    /// with clips: per source, not per clip; docs/build.md, "Memory"); the word classes'
    /// occurrences from one pass over the plan's scratch file.
    func countClasses(
        _ classes: inout [ClassBalance], found: [String: Int], units: Units, clips: PlannedClips,
        perSourceClass: [ClipCollector.SourceClass: Int]
    ) {
        for i in classes.indices { classes[i].sourcesFound = found[classes[i].label] ?? 0 }
        // A source's units are made together, so they sit side by side (a mixture's unit, one
        // per track, names its first stem, which has no unit of its own).
        var lastSource = [Int32](repeating: -1, count: classes.count)
        for unit in units.all {
            for l in unit.labels where lastSource[l] != unit.source {
                lastSource[l] = unit.source
                classes[l].sourcesEligible += 1
            }
        }
        // Each source's clips per class, as the collector tallied them while they were cut.
        for (pair, n) in perSourceClass {
            classes[pair.label].sourcesUsed += 1
            classes[pair.label].clips += n
            classes[pair.label].maxClipsPerSource = max(classes[pair.label].maxClipsPerSource, n)
        }
        // Word classes: each occurrence has one centred clip, and its jitter clips say how many it gives.
        for clip in clips {
            guard let word = WordClipReason.parse(clip.reason) else { continue }
            for l in clip.labels {
                if word.centred { classes[l].occurrences = (classes[l].occurrences ?? 0) + 1 }
                classes[l].maxClipsPerOccurrence = max(classes[l].maxClipsPerOccurrence ?? 0, word.occurrenceClips)
            }
        }
        for i in classes.indices {
            if let n = classes[i].occurrences, n > 0 {
                classes[i].meanClipsPerOccurrence = Double(classes[i].clips) / Double(n)
            }
        }
    }
}
