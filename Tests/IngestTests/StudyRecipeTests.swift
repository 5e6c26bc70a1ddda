import Foundation
import Recipe
import Testing

/// The recipes shipped in `manifests/` must load as they are: a user's first command is
/// `melshard build manifests/X.toml --corpus NAME=PATH`.
@Suite struct StudyRecipeTests {
    static let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("manifests").path

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: manifests)) ?? [])
        .filter { $0.hasSuffix(".toml") }.sorted()

    @Test func theManifestsFolderHoldsRecipes() {
        #expect(Self.files.contains("ren-gtzan.toml") && Self.files.contains("pons-ballroom.toml"), "\(Self.files)")
    }

    @Test(arguments: files)
    func everyRecipeLoads(_ file: String) throws {
        let recipe = try RecipeLoader.load(path: Self.manifests + "/" + file)
        #expect(!recipe.corpora.isEmpty)
    }

    @Test func gtzanStudyIsRenFeaturesOnA70_15_15Split() throws {
        let recipe = try RecipeLoader.load(
            path: Self.manifests + "/ren-gtzan.toml", corpusRoots: ["gtzan": "/data/GTZAN"])
        #expect(recipe.corpora.map(\.kind) == [.gtzan])
        #expect(recipe.corpora[0].root == "/data/GTZAN")
        #expect(recipe.corpora[0].options == .gtzan(GTZANOptions()))
        #expect(recipe.features.preset.rawValue == "ren")
        #expect(recipe.splits.method == .ratios)
        #expect([recipe.splits.train, recipe.splits.validation, recipe.splits.test] == [0.70, 0.15, 0.15])
    }

    @Test func ballroomStudyIsPonsFeaturesWithRumbaMerged() throws {
        let recipe = try RecipeLoader.load(path: Self.manifests + "/pons-ballroom.toml")
        #expect(recipe.corpora.map(\.kind) == [.ballroom])
        #expect(recipe.corpora[0].root.hasSuffix("/manifests/corpora/ballroom"))
        #expect(recipe.corpora[0].options == .ballroom(BallroomOptions(mergeRumba: true)))
        #expect(recipe.features.preset.rawValue == "pons")
        #expect(recipe.clipSamples == 80896)
        #expect(
            recipe.clips.crop == .patches && recipe.clips.patchHopFrames == nil, "every non-overlapping 80-frame patch")
        #expect(recipe.splits.method == .kfold && recipe.splits.folds == 10)
    }
}
