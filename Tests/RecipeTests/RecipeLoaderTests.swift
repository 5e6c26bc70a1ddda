import AudioDSP
import FeatureSettings
import Foundation
import Recipe
import TestSupport
import Testing

@Suite struct RecipeLoaderTests {
    let directory = TemporaryDirectory("recipe")

    func load(_ text: String, roots: [String: String] = [:]) throws -> Recipe {
        let path = directory.file("r.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try RecipeLoader.load(path: path, corpusRoots: roots)
    }

    func problems(_ text: String, roots: [String: String] = [:]) -> [RecipeError.Problem] {
        do {
            _ = try load(text, roots: roots)
            return []
        } catch let error as RecipeError {
            return error.problems
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    let minimal = """
        [[corpus]]
        name = "music"
        kind = "folder"
        root = "data/music"
        """

    @Test func defaultsFollowCommonPractice() throws {
        let recipe = try load(minimal)
        #expect(recipe.name == "r")
        #expect(recipe.seed == 0)
        #expect(recipe.corpora == [CorpusSpec(name: "music", root: directory.file("data/music"))])
        #expect(recipe.features.preset == .librosa && recipe.features.parameters == .init())
        #expect(recipe.clips == ClipSpec() && recipe.clipSamples == 44100)
        #expect(recipe.splits == SplitSpec() && recipe.shards == ShardSpec() && recipe.task == TaskSpec())
        // The values themselves, since the lines above compare with the initialisers the loader starts from.
        #expect(
            recipe.clips.lengthSeconds == 2 && recipe.clips.crop == .random && recipe.clips.perSource == 1
                && recipe.clips.short == .reject)
        #expect(
            recipe.splits.method == .ratios
                && [recipe.splits.train, recipe.splits.validation, recipe.splits.test] == [0.8, 0.1, 0.1])
        #expect(recipe.splits.stratify && recipe.shards.clipsPerShard == 1024 && recipe.shards.dtype == .float16)
        #expect(recipe.task.kind == .singleLabel && recipe.task.labels == nil && recipe.align == nil)
        #expect(recipe.features.parameters.sampleRate == 22050 && recipe.features.parameters.nMels == 128)
    }

    @Test func everySectionIsRead() throws {
        let recipe = try load(
            minimal + """

                extensions = [".WAV", "au"]
                group_by = "folder"

                [task]
                kind = "multi-label"
                labels = ["rock", "jazz"]

                [clips]
                length_samples = 24064
                crop = "random"
                per_source = 5
                short = "pad"

                [splits]
                method = "ratios"
                ratios = { train = 0.7, validation = 0.15, test = 0.15 }

                [features]
                preset = "heydarshahi"
                n_mels = 64
                top_db = 80
                resize = "none"
                channel = 1

                [shards]
                clips_per_shard = 256
                dtype = "float32"
                """)
        #expect(recipe.corpora[0].extensions == ["wav", "au"] && recipe.corpora[0].groupBy == .folder)
        #expect(recipe.task == TaskSpec(kind: .multiLabel, labels: ["rock", "jazz"]))
        #expect(recipe.clips == ClipSpec(lengthSamples: 24064, crop: .random, perSource: 5, short: .pad))
        #expect(recipe.splits == SplitSpec(method: .ratios, train: 0.7, validation: 0.15, test: 0.15))
        var expected = FeaturePreset.heydarshahi.parameters
        expected.nMels = 64
        expected.topDB = 80
        expected.resize = nil
        expected.channel = .index(1)
        #expect(recipe.features.parameters == expected)
        #expect(recipe.shards == ShardSpec(clipsPerShard: 256, dtype: .float32))
    }

    @Test func aStudyPresetBringsItsClipLength() throws {
        let recipe = try load(minimal + "\n[features]\npreset = \"heydarshahi\"\n")
        #expect(recipe.clipSamples == 24064)
    }

    @Test func commandLineRootsWin() throws {
        let recipe = try load(minimal, roots: ["music": "/elsewhere/music"])
        #expect(recipe.corpora[0].root == "/elsewhere/music")
        #expect(problems(minimal, roots: ["speech": "/x"]).map(\.key) == ["--corpus"])
    }

    @Test func everyProblemIsReportedWithItsKeyLineAndAllowedValues() {
        let found = problems(
            """
            seed = "seven"
            colour = 1

            [[corpus]]
            kind = "folders"

            [clips]
            crop = "middle"
            per_source = 0

            [features]
            n_mels = 96
            n_fft = 1000000000
            windw = "hann"

            [splits]
            ratios = { train = 0.8, validation = 0.1, test = 0.2 }
            """)
        let byKey = Dictionary(found.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byKey["seed"]?.line == 1 && byKey["seed"]?.message.contains("expected an integer") == true)
        #expect(
            byKey["colour"]?.message.contains("unknown key") == true
                && byKey["colour"]?.message.contains("\"seed\"") == true)
        #expect(byKey["corpus[1].kind"]?.message.contains("\"folder\"") == true)
        #expect(byKey["corpus[1].name"] != nil && byKey["corpus[1].root"] != nil)
        #expect(
            byKey["clips.crop"]?.line == 8
                && byKey["clips.crop"]?.message.contains("\"random\", \"start\", \"center\"") == true)
        #expect(byKey["clips.per_source"]?.message.contains("1…100000") == true)
        #expect(byKey["features.n_fft"]?.line == 13)
        #expect(byKey["features.windw"]?.message.contains("unknown key") == true)
        #expect(byKey["splits.ratios.train"]?.message.contains("must be 1") == true)
        #expect(found.count == 10)
    }

    @Test func featureParametersAreValidatedTogether() {
        let found = problems(minimal + "\n[features]\nsample_rate = 8000\nfmax = 6000\n")
        #expect(found.map(\.key) == ["features.fmax"])
        #expect(found[0].message.contains("sample_rate/2"))
    }

    @Test func aTypoDoesNotHideAnInvalidCombination() {
        let found = problems(minimal + "\n[features]\nsample_rate = 8000\nfmax = 6000\nwindw = \"hann\"\n")
        #expect(Set(found.map(\.key)) == ["features.fmax", "features.windw"])
    }

    @Test func tomlSyntaxErrorsNameTheLine() {
        let found = problems("name = \"x\"\nseed = = 3\n")
        #expect(found.count == 1 && found[0].line == 2)
    }
}
