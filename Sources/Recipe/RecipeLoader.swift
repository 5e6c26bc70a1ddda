import FeatureSettings
import Foundation
import TOML
import TrainSettings

/// Turns a recipe file into a validated `Recipe`, or one `RecipeError` listing every problem.
public enum RecipeLoader {
    /// - Parameters:
    ///   - corpusRoots: `--corpus NAME=PATH` from the command line; they win over the recipe's `root`.
    public static func load(path: String, corpusRoots: [String: String] = [:]) throws -> Recipe {
        let table: TOMLTable
        do { table = try TOMLDocument.parse(contentsOf: path) } catch {
            throw RecipeError(
                path: path, problems: [.init(key: "", line: error.line > 0 ? error.line : nil, message: error.reason)])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try decode(table, path: path, baseDirectory: directory, defaultName: stem, corpusRoots: corpusRoots)
    }

    public static func decode(
        _ table: TOMLTable, path: String, baseDirectory: String, defaultName: String,
        corpusRoots: [String: String] = [:]
    ) throws(RecipeError) -> Recipe {
        var problems: [RecipeError.Problem] = []
        var top = TableReader(table, prefix: "")
        let givenName = top.string("name")
        if let givenName, let why = Recipe.whyNotPlainName(givenName) {
            top.problem("name", "'\(givenName)' is not a plain name: \(why)")
        }
        let name = givenName ?? defaultName
        let seed = top.integer("seed", in: 0...Int64.max).map(UInt64.init) ?? 0

        let corpora = corpora(table, base: baseDirectory, roots: corpusRoots, problems: &problems)
        top.markKnown("corpus")

        let task = top.table("task").map { taskSpec($0, corpora: corpora, problems: &problems) } ?? TaskSpec()

        var classes = ClassSelection()
        if let t = top.table("classes") {
            var r = TableReader(t, prefix: "classes")
            classes = classSelection(&r)
            problems += r.finish()
        }

        let features = top.table("features").map { featureSpec($0, problems: &problems) } ?? FeatureSpec()

        var clips = ClipSpec()
        if let preset = features.preset.studyClipSamples,
            features.parameters.sampleRate == features.preset.parameters.sampleRate
        {
            clips.lengthSamples = preset
        }
        if let t = top.table("clips") { clips = clipSpec(t, starting: clips, task: task, problems: &problems) }
        problems += mixtureProblems(
            corpora: corpora, task: task, clips: clips, sampleRate: features.parameters.sampleRate)

        let splits = top.table("splits").map { splitSpec($0, problems: &problems) } ?? SplitSpec()

        var shards = ShardSpec()
        if let t = top.table("shards") {
            var r = TableReader(t, prefix: "shards")
            shards.clipsPerShard = r.integer("clips_per_shard", in: 1...1_000_000) ?? shards.clipsPerShard
            shards.dtype = r.choice("dtype", ShardSpec.DType.self) ?? shards.dtype
            problems += r.finish()
        }

        var align: AlignSpec?
        if let t = top.table("align") {
            var r = TableReader(t, prefix: "align")
            align = alignSpec(&r, base: baseDirectory, corpora: corpora)
            problems += r.finish()
        }

        var train: TrainTable?
        if let t = top.table("train") { train = trainSettings(t, problems: &problems) }

        problems = top.finish() + problems
        guard problems.isEmpty else { throw RecipeError(path: path, problems: problems) }
        var recipe = Recipe(
            name: name, seed: seed, corpora: corpora, task: task, classes: classes, clips: clips, splits: splits,
            features: features, shards: shards, align: align)
        recipe.train = train
        return recipe
    }

    static func corpus(
        _ t: TOMLTable, index: Int, base: String, roots: [String: String],
        problems: inout [RecipeError.Problem]
    ) -> CorpusSpec? {
        var r = TableReader(t, prefix: "corpus[\(index + 1)]")
        let name = r.string("name")
        let kind = r.choice("kind", CorpusSpec.Kind.self)
        let root = r.string("root")
        let task = r.string("task")
        if let task, task.isEmpty || !task.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            r.problem("task", "'\(task)' is not allowed; expected letters, digits, '-' and '_'")
        }
        var extensions: [String]?
        var groupBy = CorpusSpec.Grouping.file
        var options: CorpusOptions?
        if kind == .folder {
            extensions = r.strings("extensions")?.map {
                $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
            groupBy = r.choice("group_by", CorpusSpec.Grouping.self) ?? .file
        } else if let kind {
            options = CorpusOptions.read(kind, from: &r)
        }
        if t["name"] == nil {
            r.problem("name", "every [[corpus]] needs a name, used by --corpus NAME=PATH and in the index")
        }
        if let name, name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            r.problem("name", "'\(name)' is not allowed; expected letters, digits, '-' and '_'")
        }
        if t["kind"] == nil {
            r.problem(
                "kind",
                "missing; expected one of \(CorpusSpec.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"
            )
        }
        let given = name.flatMap { roots[$0] } ?? root
        if given == nil { r.problem("root", "missing; give root = \"PATH\" or --corpus \(name ?? "NAME")=PATH") }
        problems += r.finish()
        guard let name, let kind, let given else { return nil }
        let absolute =
            given.hasPrefix("/")
            ? given : URL(fileURLWithPath: base).appendingPathComponent(given).standardizedFileURL.path
        var spec = CorpusSpec(
            name: name, kind: kind, root: absolute, extensions: extensions ?? CorpusSpec.defaultExtensions,
            groupBy: groupBy,
            options: options)
        spec.task = task
        return spec
    }
}
