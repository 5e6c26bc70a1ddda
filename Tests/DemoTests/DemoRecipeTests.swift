import Foundation
import Ingest
import Recipe
import TestSupport
import Testing

@testable import Demo

/// The demo's recipes are the studies' recipes, changed only where their headers say.
@Suite struct DemoRecipeTests {
    @Test(arguments: [("ren-gtzan.toml", DemoRecipes.gtzan), ("metamers-speech-commands.toml", DemoRecipes.speech)])
    func demoRecipesKeepTheStudiesFeaturesTaskAndSplits(study: String, demo: String) throws {
        let directory = TemporaryDirectory("demo-recipe")
        let path = directory.file("demo.toml")
        try demo.write(toFile: path, atomically: true, encoding: .utf8)
        let mine = try RecipeLoader.load(path: path)
        let theirs = try RecipeLoader.load(path: DemoCommandTests.repository + "/manifests/" + study)
        var studyFeatures = theirs.features
        if study == "metamers-speech-commands.toml" {
            // The one feature the demo's header changes: no 32 x 32 resize, as small-cnn takes 64 x 126.
            #expect(studyFeatures.parameters.resize?.height == 32 && studyFeatures.parameters.resize?.width == 32)
            #expect(demo.contains("features.resize  \"32x32\" -> none"))
            studyFeatures.parameters.resize = nil
        }
        #expect(mine.features == studyFeatures)
        #expect(mine.seed == theirs.seed && mine.splits == theirs.splits && mine.task.kind == theirs.task.kind)
        #expect(mine.shards.dtype == theirs.shards.dtype)
        #expect(
            mine.corpora.map(\.kind) == theirs.corpora.map(\.kind)
                && mine.corpora.map(\.options) == theirs.corpora.map(\.options))
        #expect(mine.clips.crop == theirs.clips.crop && mine.clips.short == theirs.clips.short)
        if let labels = mine.task.labels { #expect(Set(labels).isSubset(of: Set(theirs.task.labels ?? []))) }
    }

    @Test func speakersLandInEverySplitByTheHashRule() {
        let speakers = DemoCorpus().chooseSpeakers()
        let splits = speakers.map {
            SpeechCommandsHashSplit.split($0.hash + "_nohash_0.wav", validationPercent: 10, testingPercent: 10)
        }
        #expect(
            splits.filter { $0 == "train" }.count == 6 && splits.filter { $0 == "validation" }.count == 1
                && splits.filter { $0 == "test" }.count == 1)
        #expect(Set(speakers.map(\.hash)).count == speakers.count)
    }
}
