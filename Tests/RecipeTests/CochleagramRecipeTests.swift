import FeatureSettings
import Foundation
import Recipe
import TestSupport
import Testing

/// `preset = "cochleagram"` and its `[features.cochleagram]` keys in a recipe.
@Suite struct CochleagramRecipeTests {
    let directory = TemporaryDirectory("cochleagram-recipe")
    let corpus = """
        [[corpus]]
        name = "speech"
        kind = "folder"
        root = "data/speech"

        """

    func outcome(_ text: String) throws -> Result<Recipe, RecipeError> {
        let path = directory.file("r.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do { return .success(try RecipeLoader.load(path: path)) } catch let error as RecipeError {
            return .failure(error)
        }
    }

    @Test func thePresetGivesTheDefaultsAndTwoSecondClips() throws {
        let recipe = try outcome(corpus + "[features]\npreset = \"cochleagram\"\n").get()
        #expect(recipe.features.preset == .cochleagram)
        #expect(recipe.features.parameters == FeaturePreset.cochleagram.parameters)
        #expect(recipe.clipSamples == 40000)
    }

    @Test func everyCochleagramKeyOverridesOneParameter() throws {
        let recipe = try outcome(
            corpus + """
                [features]
                preset = "cochleagram"
                sample_rate = 16000
                resize = "32x32"

                [features.cochleagram]
                n = 40
                low_lim = 20
                high_lim = 8000
                sample_factor = 2
                env_sr = 400
                window_size = 401
                kaiser_beta = 4.5
                power = 0.5
                offset = 0
                """
        ).get()
        var expected = CochleagramParameters()
        expected.n = 40
        expected.lowLimit = 20
        expected.highLimit = 8000
        expected.sampleFactor = 2
        expected.envelopeRate = 400
        expected.windowSize = 401
        expected.kaiserBeta = 4.5
        expected.power = 0.5
        expected.offset = 0
        #expect(recipe.features.parameters.cochleagram == expected)
        #expect(recipe.features.parameters.sampleRate == 16000)
        #expect(recipe.features.parameters.resize == ImageSize(height: 32, width: 32))
    }

    /// A bad key is one line naming it, its line, and what is allowed.
    @Test func aBadKeyIsOneLineNamingIt() throws {
        let text = corpus + "[features]\npreset = \"cochleagram\"\n\n[features.cochleagram]\nsample_factor = 3\n"
        guard case .failure(let error) = try outcome(text) else {
            Issue.record("an odd sample factor was accepted")
            return
        }
        #expect(error.problems.map(\.key) == ["features.cochleagram.sample_factor"])
        #expect(error.problems.first?.line == 9)
        #expect(!error.description.contains("\n"))
        #expect(
            error.description.hasSuffix(
                "r.toml:9: features.cochleagram.sample_factor: 3 is not allowed; "
                    + "expected 1 or an even integer 2…16 (odd factors change the filter widths)"
            ), "\(error)")

        let typo = try outcome(corpus + "[features]\npreset = \"cochleagram\"\ncochleagram.lowlim = 30\n")
        guard case .failure(let typoError) = typo else {
            Issue.record("a misspelt key was accepted")
            return
        }
        #expect(typoError.problems.map(\.key) == ["features.cochleagram.lowlim"])
        #expect(typoError.problems.first?.message.contains("unknown key") == true)

        let range = try outcome(corpus + "[features]\npreset = \"cochleagram\"\ncochleagram.high_lim = 12000\n")
        guard case .failure(let rangeError) = range else {
            Issue.record("high_lim above the Nyquist frequency was accepted")
            return
        }
        #expect(rangeError.problems.map(\.key) == ["features.cochleagram.high_lim"])
        #expect(rangeError.problems.first?.line == 7)
    }

    @Test func melKeysAndMisplacedTablesAreRejected() throws {
        let mel = try outcome(corpus + "[features]\npreset = \"cochleagram\"\nn_mels = 64\n")
        guard case .failure(let melError) = mel else {
            Issue.record("n_mels with a cochleagram was accepted")
            return
        }
        #expect(melError.problems.map(\.key) == ["features.n_mels"])
        #expect(melError.problems.first?.message.contains("cochleagram front end") == true)

        let misplaced = try outcome(corpus + "[features]\npreset = \"librosa\"\n\n[features.cochleagram]\nn = 40\n")
        guard case .failure(let misplacedError) = misplaced else {
            Issue.record("a cochleagram table under a mel preset was accepted")
            return
        }
        #expect(misplacedError.problems.map(\.key) == ["features.cochleagram"])
        #expect(misplacedError.problems.first?.message.contains("preset = \"cochleagram\"") == true)
    }
}
