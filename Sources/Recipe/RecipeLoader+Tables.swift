import FeatureSettings
import TOML

/// The recipe's tables, one reader each: every key checked, every problem collected.
extension RecipeLoader {
    /// The `[[corpus]]` tables, with names that are unique and `--corpus NAME=PATH` roots that name one.
    static func corpora(
        _ table: TOMLTable, base: String, roots corpusRoots: [String: String],
        problems: inout [RecipeError.Problem]
    ) -> [CorpusSpec] {
        var corpora: [CorpusSpec] = []
        switch table["corpus"] {
        case .array(let items)?:
            for (i, item) in items.enumerated() {
                guard case .table(let t) = item else {
                    problems.append(
                        .init(key: "corpus", line: table.line(of: "corpus"), message: "expected [[corpus]] tables"))
                    continue
                }
                if let spec = corpus(t, index: i, base: base, roots: corpusRoots, problems: &problems) {
                    corpora.append(spec)
                }
            }
        case nil:
            problems.append(.init(key: "corpus", line: nil, message: "a recipe needs at least one [[corpus]] table"))
        case let other?:
            problems.append(
                .init(
                    key: "corpus", line: table.line(of: "corpus"),
                    message: "expected [[corpus]] tables, found \(TableReader.described(other))"))
        }
        let names = corpora.map(\.name)
        for name in Set(names) where names.filter({ $0 == name }).count > 1 {
            problems.append(.init(key: "corpus.name", line: nil, message: "corpus name '\(name)' is used twice"))
        }
        for given in corpusRoots.keys.sorted() where !names.contains(given) {
            problems.append(
                .init(
                    key: "--corpus", line: nil,
                    message: "no [[corpus]] is named '\(given)'; names are \(names.joined(separator: ", "))"))
        }
        return corpora
    }

    /// `[task]`: the kind, the labels, and the multi-label and dual-task rules.
    static func taskSpec(_ t: TOMLTable, corpora: [CorpusSpec], problems: inout [RecipeError.Problem]) -> TaskSpec {
        var task = TaskSpec()
        var r = TableReader(t, prefix: "task")
        task.kind = r.choice("kind", TaskSpec.Kind.self) ?? task.kind
        if let labels = r.strings("labels") {
            if labels.isEmpty {
                r.problem("labels", "an empty list allows no class; leave the key out to use every label found")
            }
            if Set(labels).count != labels.count { r.problem("labels", "a label is listed twice") }
            task.labels = labels
        }
        task.multiLabelPolicy = r.choice("multi_label_policy", TaskSpec.MultiLabelPolicy.self)
        task.labelSpace = r.choice("label_space", TaskSpec.LabelSpace.self)
        if task.labelSpace != nil && !corpora.contains(where: { $0.task != nil }) {
            r.problem("label_space", "is read in a dual-task recipe, one whose [[corpus]] tables name a task")
        }
        if task.multiLabelPolicy == .multiHot && task.kind == .singleLabel {
            r.problem(
                "multi_label_policy",
                "\"multi-hot\" needs kind = \"multi-label\"; a single-label task takes \"duplicate\", \"first\" or \"exclude\""
            )
        }
        problems += r.finish()
        return task
    }

    /// `[features]`: a preset and the keys that override it, checked together.
    static func featureSpec(_ t: TOMLTable, problems: inout [RecipeError.Problem]) -> FeatureSpec {
        var r = TableReader(t, prefix: "features")
        let preset = r.choice("preset", FeaturePreset.self) ?? .librosa
        var parameters = preset.parameters
        FeatureOverrides.apply(&r, to: &parameters)
        let found = r.finish()
        problems += found
        // Values that failed to parse were not applied, so the rest is still checked together.
        do { try parameters.validate() } catch  where !found.contains(where: { $0.key == "features.\(error.key)" }) {
            problems.append(
                .init(
                    key: "features.\(error.key)", line: line(of: error.key, in: t),
                    message: "\(error.value) is not allowed; expected \(error.allowed)"))
        } catch {}
        return FeatureSpec(preset: preset, parameters: parameters)
    }

    /// The line of a key of `[features]`, or of its `[features.cochleagram]` table (`cochleagram.n`).
    private static func line(of key: String, in t: TOMLTable) -> Int? {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, case .table(let sub)? = t[parts[0]] { return sub.line(of: parts[1]) ?? sub.line ?? t.line }
        return t.line(of: key) ?? t.line
    }

    /// `[clips]`: length, crop and how many clips per source or class; `clips` comes in with the preset's length.
    static func clipSpec(
        _ t: TOMLTable, starting clips: ClipSpec, task: TaskSpec, problems: inout [RecipeError.Problem]
    ) -> ClipSpec {
        var clips = clips
        var r = TableReader(t, prefix: "clips")
        if let seconds = r.number(
            "length_seconds", where: { $0 > 0 && $0 <= 3600 }, allowed: "a duration in seconds, 0 < s ≤ 3600")
        {
            clips.lengthSeconds = seconds
            clips.lengthSamples = nil
        }
        if let samples = r.integer("length_samples", in: 1...(3600 * 768_000)) { clips.lengthSamples = samples }
        if t["length_seconds"] != nil && t["length_samples"] != nil {
            r.problem("length_samples", "give length_seconds or length_samples, not both")
        }
        clips.crop = r.choice("crop", ClipSpec.Crop.self) ?? clips.crop
        clips.perSource = r.integer("per_source", in: 1...100_000) ?? clips.perSource
        clips.short = r.choice("short", ClipSpec.ShortSource.self) ?? clips.short
        if clips.crop != .random && clips.perSource > 1 {
            r.problem("per_source", "only crop = \"random\" makes more than one clip per source")
        }
        clips.perClass = r.integer("per_class", in: 1...100_000_000)
        clips.minGapSeconds = r.number(
            "min_gap_seconds", where: { $0 >= 0 && $0 <= 3600 }, allowed: "a duration in seconds, 0 ≤ s ≤ 3600")
        clips.maxPerSource = r.integer("max_per_source", in: 1...100_000)
        clips.alignToHop = r.boolean("align_to_hop") ?? clips.alignToHop
        let jitter = r.boolean("word_jitter") ?? false
        let margin = r.number(
            "word_margin_seconds", where: { $0 >= 0 && $0 <= 60 }, allowed: "a duration in seconds, 0 ≤ s ≤ 60")
        if jitter {
            clips.wordJitter = WordJitterSpec(marginSeconds: margin ?? WordJitterSpec().marginSeconds)
            if clips.perClass == nil {
                r.problem("word_jitter", "fills word classes up to per_class; set clips.per_class")
            }
        } else if margin != nil {
            r.problem("word_margin_seconds", "is read only with word_jitter = true")
        }
        clips.patchHopFrames = r.integer("patch_hop_frames", in: 1...1_000_000)
        if clips.patchHopFrames != nil && clips.crop != .patches {
            r.problem("patch_hop_frames", "is read only with crop = \"patches\"")
        }
        if clips.crop == .patches {
            if clips.perClass != nil {
                r.problem("per_class", "crop = \"patches\" tiles every source whole; per_class would drop tiles")
            }
            if clips.minGapSeconds != nil {
                r.problem("min_gap_seconds", "patches are placed by patch_hop_frames, not by a gap")
            }
        }
        if t["per_class"] != nil && t["per_source"] != nil {
            r.problem(
                "per_source", "give per_source (clips from every source) or per_class (clips per class), not both")
        }
        if clips.perClass == nil, let cap = clips.maxPerSource, cap < clips.perSource {
            r.problem("max_per_source", "\(cap) is below per_source = \(clips.perSource); lower per_source instead")
        }
        if clips.perClass != nil && task.policy == .multiHot {
            r.problem(
                "per_class",
                "per_class balances one class per clip, but task.multi_label_policy is \"multi-hot\"; "
                    + "set it to \"duplicate\", \"first\" or \"exclude\"")
        }
        problems += r.finish()
        return clips
    }

    /// `[splits]`: the method, its folds or ratios, and stratification.
    static func splitSpec(_ t: TOMLTable, problems: inout [RecipeError.Problem]) -> SplitSpec {
        var splits = SplitSpec()
        var r = TableReader(t, prefix: "splits")
        splits.method = r.choice("method", SplitSpec.Method.self) ?? splits.method
        splits.folds = r.integer("folds", in: 2...1000)
        splits.stratify = r.boolean("stratify") ?? splits.stratify
        if splits.method == .kfold && t["folds"] == nil { r.problem("method", "\"kfold\" needs folds = K (2…1000)") }
        if splits.method != .kfold && t["folds"] != nil {
            r.problem("folds", "folds is read only with method = \"kfold\"")
        }
        if let ratios = r.table("ratios") {
            var rr = TableReader(ratios, prefix: "splits.ratios")
            let fraction: (Double) -> Bool = { $0 >= 0 && $0 <= 1 }
            splits.train = rr.number("train", where: fraction, allowed: "a fraction 0…1") ?? 0
            splits.validation = rr.number("validation", where: fraction, allowed: "a fraction 0…1") ?? 0
            splits.test = rr.number("test", where: fraction, allowed: "a fraction 0…1") ?? 0
            if abs(splits.train + splits.validation + splits.test - 1) > 1e-9 {
                rr.problem(
                    "train",
                    "train + validation + test must be 1, not \(splits.train + splits.validation + splits.test)")
            }
            problems += rr.finish()
        }
        problems += r.finish()
        return splits
    }
}
