import AudioDSP
import Balance
import FeatureSettings
import Foundation
import Index
import MelshardCore
import Recipe

/// `dataset.json`: enough to use the shards without melshard or the index. No timestamps, so
/// identical builds give identical cards. docs/shards.md documents every field.
struct DatasetCard: Encodable {
    struct Tool: Encodable { var name = "melshard", version = MelshardVersion.current }
    struct Features: Encodable {
        var parameters: FeatureParameters
        var dtype: String
        var shape: [Int]
        var layout = ShardFormat.featuresLayout
        var clipSamples: Int
        enum CodingKeys: String, CodingKey { case parameters, dtype, shape, layout, clipSamples = "clip_samples" }
    }
    struct SplitCounts: Encodable {
        var clips = 0
        var sources = 0
        var perLabel: [String: Int] = [:]
        enum CodingKeys: String, CodingKey { case clips, sources, perLabel = "per_label" }
    }
    struct Shard: Encodable {
        var name: String, file: String, split: String, clips: Int, bytes: Int64, sha256: String
    }
    struct Statistics: Encodable {
        var split: String, count: Int64, mean: Double, std: Double
        var perBand: [String: [Double]]
        enum CodingKeys: String, CodingKey { case split, count, mean, std, perBand = "per_band" }
    }
    /// Each class before and after balancing, from the plan (docs/shards.md).
    struct Balance: Encodable {
        struct Class: Encodable {
            var counts: ClassBalance
            var perSplit: [String: PlanReport.Cell]
            var perFold: [String: PlanReport.Cell]?

            func encode(to encoder: Encoder) throws {
                try counts.encode(to: encoder)
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(counts.meanClipsPerSource, forKey: .mean)
                try c.encode(perSplit, forKey: .perSplit)
                try c.encodeIfPresent(perFold, forKey: .perFold)
            }
            enum CodingKeys: String, CodingKey {
                case mean = "mean_clips_per_source", perSplit = "per_split", perFold = "per_fold"
            }
        }
        var perClass: Int?
        var folds: Int?
        var multiLabelPolicy: String
        var classes: [String: Class]
        /// Per mixture corpus; nil (left out) when there is none.
        var mixtures: [String: MixtureSummary]?
        enum CodingKeys: String, CodingKey {
            case perClass = "per_class", folds, multiLabelPolicy = "multi_label_policy", classes, mixtures
        }
    }
    /// A task of a dual-task dataset: its corpora and its classes (numbered in this order under
    /// separate label spaces).
    struct Task: Encodable { var name: String, corpora: [String], labels: [String] }
    struct Rejects: Encodable {
        var total: Int; var byCode: [String: Int]; enum CodingKeys: String, CodingKey { case total, byCode = "by_code" }
    }

    var format = "melshard-dataset"
    var formatVersion = 1
    var tool = Tool()
    var name: String
    var recipe: Recipe
    var recipeSHA256: String
    var task: String
    var features: Features
    var labels: [String]
    var splits: [String: SplitCounts]
    var shards: [Shard]
    var normalisation: Statistics?
    var rejects: Rejects
    var balance: Balance
    /// Dual-task datasets only.
    var labelSpace: String?
    var tasks: [Task]?
    /// K of a k-fold build, whose shards carry a `folds` tensor; absent otherwise.
    var folds: Int?

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", tool, name, recipe, recipeSHA256 = "recipe_sha256", task,
            features, labels, splits
        case shards, normalisation, rejects, balance, labelSpace = "label_space", tasks, folds
    }

    static func make(
        recipe: Recipe, recipeJSON: String, recipeSHA256: String, plan: ClipPlan, index: Index,
        shards planned: [PlannedShard],
        rejects: [Reject], tasks: ShardTasks?
    ) throws -> [UInt8] {
        let committed = try index.shards()
        // What the shards hold, counted by the index: the plan's clips table is this plan's.
        let splits = try index.writtenSplitTallies().mapValues {
            SplitCounts(clips: $0.clips, sources: $0.sources, perLabel: $0.perLabel)
        }
        // The shards hold every clip of the plan (the build drops `plan.clips` once it is recorded).
        let clips = planned.lazy.flatMap(\.clips)
        let shards = planned.compactMap { p in
            committed[p.name].map {
                Shard(
                    name: $0.name, file: "shards/\($0.name).safetensors", split: $0.split, clips: $0.clipCount,
                    bytes: $0.byteSize, sha256: $0.sha256)
            }
        }
        let norm = try index.normalisation(split: "train")
        var statistics: Statistics?
        if let global = norm.first, global.band == -1 {
            let bands = norm.dropFirst()
            statistics = Statistics(
                split: "train", count: global.count, mean: global.mean, std: global.std,
                perBand: ["mean": bands.map(\.mean), "std": bands.map(\.std)])
        }
        let report = PlanReport(plan: plan, clips: clips, perClass: recipe.clips.perClass, folds: recipe.splits.folds)
        var classes: [String: Balance.Class] = [:]
        for (counts, row) in zip(plan.classes, report.classes) {
            classes[counts.label] = Balance.Class(
                counts: counts, perSplit: row.splits, perFold: row.folds.isEmpty ? nil : row.folds)
        }
        let balance = Balance(
            perClass: recipe.clips.perClass, folds: recipe.splits.folds, multiLabelPolicy: recipe.task.policy.rawValue,
            classes: classes, mixtures: plan.mixtures.isEmpty ? nil : plan.mixtures)
        let p = recipe.features.parameters
        let shape = p.outputShape(forSamples: recipe.clipSamples)
        let card = DatasetCard(
            name: recipe.name, recipe: recipe, recipeSHA256: recipeSHA256, task: recipe.task.kind.rawValue,
            features: Features(
                parameters: p, dtype: recipe.shards.dtype.rawValue, shape: [shape.rows, shape.columns],
                clipSamples: recipe.clipSamples),
            labels: plan.labels, splits: splits, shards: shards, normalisation: statistics,
            rejects: Rejects(
                total: rejects.count, byCode: Dictionary(grouping: rejects, by: \.code).mapValues(\.count)),
            balance: balance,
            labelSpace: tasks.map { $0.separate ? "separate" : "combined" },
            tasks: tasks.map { t in
                t.names.enumerated().map { i, name in
                    Task(
                        name: name,
                        corpora: recipe.corpora.filter { recipe.task(ofCorpus: $0.name) == name }.map(\.name),
                        labels: t.labels[i].map { plan.labels[$0] })
                }
            },
            folds: recipe.splits.method == .kfold ? recipe.splits.folds : nil)
        return Array(try CanonicalJSON.data(card, pretty: true)) + [0x0A]
    }
}
