import Foundation
import Recipe
import TestSupport
import Testing
import TrainSettings

/// The recipe's `[train]` table: read through `TrainConfig`'s own decoder and rules, so a bad
/// training setting fails the build with its key and line, as any other recipe key does.
@Suite struct TrainTableTests {
    let directory = TemporaryDirectory("recipe-train")
    let corpus = """
        [[corpus]]
        name = "music"
        kind = "folder"
        root = "data/music"

        """

    func load(_ text: String) throws -> Recipe {
        let path = directory.file("r.toml")
        try (corpus + text).write(toFile: path, atomically: true, encoding: .utf8)
        return try RecipeLoader.load(path: path)
    }

    @Test func keysLeftOutKeepTheirDefaults() throws {
        let recipe = try load(
            """
            [train]
            model = "small-cnn"
            learning_rate = 5e-4
            schedule = "log-linear"
            final_learning_rate = 1e-5
            epochs = 30
            batches = "non-mixed"
            """)
        var expected = TrainConfig(model: "small-cnn")
        expected.learningRate = 5e-4
        expected.schedule = .logLinear
        expected.finalLearningRate = 1e-5
        expected.epochs = 30
        expected.batches = .nonMixed
        #expect(recipe.train?.config == expected)
        #expect(
            recipe.train?.keys == ["batches", "epochs", "final_learning_rate", "learning_rate", "model", "schedule"])
        #expect(try load("").train == nil)
    }

    @Test func everyBadKeyIsNamedWithItsLine() {
        do {
            _ = try load(
                """
                [train]
                learning_rate = -1
                optimizer = "lbfgs"
                epocs = 3
                """)
            Issue.record("a bad [train] table was accepted")
        } catch let error as RecipeError {
            let byKey = Dictionary(error.problems.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            #expect(byKey["train.epocs"]?.line == 8 && byKey["train.epocs"]?.message.contains("unknown key") == true)
            #expect(
                byKey["train.optimizer"]?.line == 7
                    && byKey["train.optimizer"]?.message.contains(#""adam", "adamw" or "sgd""#) == true,
                "\(error.problems)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try load("[train]\nlearning_rate = -1\nschedule = \"linear\"\n")
            Issue.record("a bad [train] table was accepted")
        } catch let error as RecipeError {
            #expect(error.problems.map(\.key) == ["train.learning_rate", "train.schedule"], "\(error.problems)")
            #expect(error.problems.first?.message == "-1.0: must be a finite number above 0")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
