import Build
import Foundation
import Index
import MelshardCore
import Recipe
import Train
import TrainSettings

/// `melshard demo` as a library: synthesise the corpora, write the recipes, build both through
/// the real pipeline (reader, plan, features, shards, index, card), verify the shards, and train
/// the network a recipe's `[train]` table names on its build (the words'), as
/// `melshard train OUT` would.
public struct DemoRun {
    /// What was built for one corpus, for the summary and the tests.
    public struct Dataset: Sendable {
        public var title: String
        /// The study recipe in `manifests/` that the demo recipe derives from.
        public var studyRecipe: String
        public var recipe: String
        public var corpus: String
        public var output: String
        public var build: BuildReport
        public var verify: VerifyReport
        public var labels: [String]
        /// split → label → clips written to shards.
        public var clips: [String: [String: Int]]
        /// `bands × frames` per clip and the dtype, from the index.
        public var shape: String
        public var dtype: String
        /// The lowest clip id written, for the example commands.
        public var firstClip: Int64
        /// The run of the recipe's `[train]` table; nil for a recipe without one.
        public var training: Training?
    }

    /// A finished training run on a demo build.
    public struct Training: Sendable {
        public var model: String
        public var parameters: Int
        /// The run folder, `OUTPUT/runs/MODEL`: the one `melshard train OUTPUT` resumes or reads.
        public var run: String
        public var result: RunResult
        public var seconds: Double
    }

    public var output: String
    public var jobs: Int
    public var corpus = DemoCorpus()
    /// Called with a one-line account of each step as it starts.
    public var log: (String) -> Void

    public init(output: String, jobs: Int, log: @escaping (String) -> Void = { _ in }) {
        self.output = output
        self.jobs = max(1, jobs)
        self.log = log
    }

    /// Builds both datasets under `output`, holding `output`'s `DirectoryLock` throughout, so a
    /// second demo into the same folder fails at once instead of racing this one.
    public func run() throws -> [Dataset] {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let lock = try DirectoryLock(directory: output)
        defer { withExtendedLifetime(lock) {} }
        log(
            "synthesising \(corpus.genres.count) genres × \(corpus.genreClips) clips and \(corpus.words.count) words × "
                + "\(corpus.speakers) speakers × \(corpus.takesPerWord) takes into \(output)/corpora")
        let (gtzan, speech) = try corpus.write(to: output + "/corpora")
        let recipes = output + "/recipes"
        try FileManager.default.createDirectory(atPath: recipes, withIntermediateDirectories: true)
        var datasets: [Dataset] = []
        for (title, study, file, text, root, name) in [
            (
                "GTZAN-style genres (study 002)", "manifests/ren-gtzan.toml", DemoRecipes.gtzanFile, DemoRecipes.gtzan,
                gtzan, "gtzan"
            ),
            (
                "Speech-Commands-style words (study 001)", "manifests/metamers-speech-commands.toml",
                DemoRecipes.speechFile, DemoRecipes.speech,
                speech, "speech-commands"
            ),
        ] {
            let path = recipes + "/" + file
            if (try? String(contentsOfFile: path, encoding: .utf8)) != text {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            let destination = output + "/" + name
            log("building \(destination) with \(path)")
            let recipe = try RecipeLoader.load(path: path)
            let report = try BuildEngine(
                recipe: recipe, options: BuildOptions(outputDirectory: destination, jobs: jobs, recipePath: path)
            ).run()
            let verify = try Verifier.verify(directory: destination)
            var dataset = Dataset(
                title: title, studyRecipe: study, recipe: path, corpus: root, output: destination, build: report,
                verify: verify, labels: [], clips: [:], shape: "", dtype: "", firstClip: 0)
            try readCounts(into: &dataset)
            if let table = recipe.train, verify.ok { dataset.training = try train(table, output: destination) }
            datasets.append(dataset)
        }
        return datasets
    }

    /// Trains the table's network into `OUTPUT/runs/MODEL`, exactly as `melshard train OUTPUT`
    /// with no options would, but on `jobs` threads (which change no bit). A second demo finds
    /// the run complete and reads its result back.
    private func train(_ table: TrainTable, output: String) throws -> Training {
        var config = table.config
        config.threads = min(jobs, 256)
        let run = RunFolder(path: output + "/runs/" + config.model)
        log("training \(config.model) on \(output) into \(run.path)")
        let started = Date()
        let trainer = try Trainer(
            config: config, sources: TrainSettingSource.sources(recipe: table.keys, commandLine: ["threads"]),
            output: output, run: run)
        let result = try trainer.train()
        return Training(
            model: config.model, parameters: trainer.network.parameterCount, run: run.path, result: result,
            seconds: Date().timeIntervalSince(started))
    }

    private func readCounts(into dataset: inout Dataset) throws {
        let index = try Index(directory: dataset.output, readOnly: true)
        let written = try WrittenClips.read(index)
        (dataset.labels, dataset.clips) = (written.labels, written.perSplit)
        if let shard = try index.shards().values.min(by: { $0.name < $1.name }) {
            // The index records the shard's shape, [clips, bands, frames]; a clip is the last two.
            let dims = shard.featuresShape.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                .split(separator: ",")
            dataset.shape = dims.dropFirst().joined(separator: " × ")
            dataset.dtype = shard.featuresDType
        }
        dataset.firstClip = try index.writtenClipIDs(limit: 1).first ?? 0
    }
}
