import Balance
import Foundation
import Index
import MelshardCore

/// What `melshard plan` shows: per class, overall and per split (and fold), how many sources
/// give clips, how many clips, and how hard the sources are oversampled. Built from the
/// index's planned clips (`clips`, `clip_labels`), so it describes the plan, including clips
/// whose source later failed to decode. Field names are stable (docs/build.md).
public struct PlanReport: Sendable, Codable, Equatable {
    /// Counts over one set of clips of one class.
    public struct Cell: Sendable, Codable, Equatable {
        public var sources = 0
        public var clips = 0
        /// The oversampling factor: clips per source, mean and max.
        public var meanClipsPerSource = 0.0
        public var maxClipsPerSource = 0
        /// Clips from one source → how many sources gave that many (keys are decimal strings).
        public var cropsPerSource: [String: Int] = [:]
        /// Word clips only (`word_jitter`): the occurrences with clips here, and clips per
        /// occurrence, mean and max, read from the clips' reasons (`WordClipReason`). nil for
        /// other clips.
        public var occurrences: Int?
        public var meanClipsPerOccurrence: Double?
        public var maxClipsPerOccurrence: Int?

        init(_ tally: Tally) {
            sources = tally.perSource.count
            clips = tally.clips
            meanClipsPerSource = sources == 0 ? 0 : Double(clips) / Double(sources)
            maxClipsPerSource = tally.perSource.values.max() ?? 0
            for n in tally.perSource.values { cropsPerSource[String(n), default: 0] += 1 }
            guard tally.words > 0 else { return }
            occurrences = tally.centred
            meanClipsPerOccurrence = tally.centred == 0 ? nil : Double(tally.words) / Double(tally.centred)
            maxClipsPerOccurrence = tally.maxOccurrenceClips
        }

        enum CodingKeys: String, CodingKey {
            case sources, clips, meanClipsPerSource = "clips_per_source_mean", maxClipsPerSource =
                "clips_per_source_max"
            case cropsPerSource = "crops_per_source"
            case occurrences, meanClipsPerOccurrence = "clips_per_occurrence_mean"
            case maxClipsPerOccurrence = "clips_per_occurrence_max"
        }
    }

    public struct ClassRow: Sendable, Codable, Equatable {
        public var label: String
        /// Before balancing: sources carrying the class (after merging and class selection).
        public var sourcesFound: Int
        /// After balancing: every clip of the class.
        public var total: Cell
        public var splits: [String: Cell]
        /// Fold (decimal string) → cell; empty unless `splits.method = "kfold"`.
        public var folds: [String: Cell]

        enum CodingKeys: String, CodingKey { case label, sourcesFound = "sources_found", total, splits, folds }
    }

    /// One clip's class, split, fold, source and plan reason.
    public struct Fact: Sendable {
        public var label: String, split: String, fold: Int?, source: Int64, reason: String
        public init(label: String, split: String, fold: Int?, source: Int64, reason: String = "") {
            (self.label, self.split, self.fold, self.source, self.reason) = (label, split, fold, source, reason)
        }
    }

    /// What one cell counts, fact by fact: clips per source, and the word clips' occurrences.
    struct Tally {
        var perSource: [Int64: Int] = [:]
        var clips = 0
        var words = 0
        var centred = 0
        var maxOccurrenceClips: Int?

        mutating func add(_ fact: Fact, word: (centred: Bool, occurrenceClips: Int)?) {
            perSource[fact.source, default: 0] += 1
            clips += 1
            guard let word else { return }
            words += 1
            if word.centred { centred += 1 }
            maxOccurrenceClips = max(maxOccurrenceClips ?? word.occurrenceClips, word.occurrenceClips)
        }
    }

    public var formatVersion = 1
    public var output: String?
    /// `clips.per_class`, when the recipe balances.
    public var perClass: Int?
    /// K, when `splits.method = "kfold"`.
    public var folds: Int?
    public var classes: [ClassRow]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", output, perClass = "per_class", folds, classes
    }

    public init(
        labels: [String], found: [String: Int], facts: some Sequence<Fact>, perClass: Int?, folds: Int?,
        output: String? = nil
    ) {
        var tallies = Tallies()
        for f in facts { tallies.add(f) }
        self.init(labels: labels, found: found, tallies: tallies, perClass: perClass, folds: folds, output: output)
    }

    /// One tally per cell, fed one fact at a time: the facts can be a stream (the plan's clips,
    /// or the index's rows), and what is kept grows with the sources, not with the clips
    /// (docs/build.md, "Memory").
    struct Tallies {
        var all: [String: Tally] = [:]
        var bySplit: [String: [String: Tally]] = [:]
        var byFold: [String: [String: Tally]] = [:]

        mutating func add(_ f: Fact) {
            let word = WordClipReason.parse(f.reason)
            all[f.label, default: Tally()].add(f, word: word)
            bySplit[f.label, default: [:]][f.split, default: Tally()].add(f, word: word)
            if let fold = f.fold { byFold[f.label, default: [:]][String(fold), default: Tally()].add(f, word: word) }
        }
    }

    init(labels: [String], found: [String: Int], tallies: Tallies, perClass: Int?, folds: Int?, output: String?) {
        classes = labels.map { label in
            ClassRow(
                label: label, sourcesFound: found[label] ?? 0, total: Cell(tallies.all[label] ?? Tally()),
                splits: (tallies.bySplit[label] ?? [:]).mapValues(Cell.init),
                folds: (tallies.byFold[label] ?? [:]).mapValues(Cell.init))
        }
        self.perClass = perClass
        self.folds = folds
        self.output = output
    }

    /// The report of a plan in memory (the card's `balance`): its labels and sources, and
    /// `clips`, every clip of the plan in any order (the build passes its shards' clips).
    init(plan: ClipPlan, clips: some Sequence<PlannedClip>, perClass: Int?, folds: Int?) {
        let facts = clips.lazy.flatMap { c in
            c.labels.map {
                Fact(label: plan.labels[$0], split: c.split, fold: c.fold, source: c.sourceID, reason: c.reason)
            }
        }
        var found: [String: Int] = [:]
        for labels in plan.sourceLabels.values { for l in labels { found[plan.labels[l], default: 0] += 1 } }
        self.init(labels: plan.labels, found: found, facts: facts, perClass: perClass, folds: folds)
    }

    public static func read(directory: String) throws -> PlanReport {
        try IndexDamage.detecting(in: directory) { try readIndex(directory: directory) }
    }

    private static func readIndex(directory: String) throws -> PlanReport {
        let index = try Index(directory: directory, readOnly: true)
        let labels = try index.labels()
        let found = try index.sourceCountsByLabel()
        // Row by row from the index: a study-size plan has eight million clips.
        var tallies = Tallies()
        try index.forEachPlannedClipLabel {
            tallies.add(Fact(label: $0.label, split: $0.split, fold: $0.fold, source: $0.sourceID, reason: $0.reason))
        }
        var perClass: Int?
        var folds: Int?
        if let json = try index.meta("recipe_json"),
            let recipe = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        {
            perClass = (recipe["clips"] as? [String: Any])?["per_class"] as? Int
            folds = (recipe["splits"] as? [String: Any])?["folds"] as? Int
        }
        return PlanReport(
            labels: labels, found: found, tallies: tallies, perClass: perClass, folds: folds, output: directory)
    }
}
