import Foundation
import Testing
import TrainSettings

/// A recipe's `[train]` table keeps which keys it set, so the card carries the recipe's choices
/// and not melshard's defaults, and a run can say where each of its settings came from.
@Suite struct TrainTableSettingsTests {
    @Test func theCardFormHoldsOnlyTheKeysSetAndReadsBackTheSame() throws {
        let json = #"{"model": "pons-black-box", "optimizer": "sgd", "momentum": 0, "batch_size": 10}"#
        let table = try JSONDecoder().decode(TrainTable.self, from: Data(json.utf8))
        #expect(table.keys == ["batch_size", "model", "momentum", "optimizer"])
        #expect(table.config.optimizer == .sgd && table.config.momentum == 0 && table.config.batchSize == 10)
        #expect(table.config.epochs == TrainConfig(model: "").epochs, "a key left out keeps its default")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let written = String(decoding: try encoder.encode(table), as: UTF8.self)
        #expect(written == #"{"batch_size":10,"model":"pons-black-box","momentum":0,"optimizer":"sgd"}"#)
        #expect(try JSONDecoder().decode(TrainTable.self, from: Data(written.utf8)) == table)
    }

    @Test func settingFromTextTakesEachKeysTypeAndNamesTheKeyWhenItCannot() throws {
        var table = TrainTable(config: TrainConfig(model: "small-cnn"), keys: [])
        try table.set("weight_decay", to: "5e-4")
        try table.set("schedule", to: "log-linear")
        try table.set("early_stopping_patience", to: "3")
        try table.set("nesterov", to: "true")
        try table.set("seed", to: "18446744073709551615")
        #expect(table.keys == ["early_stopping_patience", "nesterov", "schedule", "seed", "weight_decay"])
        #expect(table.config.weightDecay == 5e-4 && table.config.schedule == .logLinear)
        #expect(table.config.earlyStoppingPatience == 3 && table.config.nesterov && table.config.seed == .max)
        let failures: [(String, String, String)] = [
            ("epochs", "ten", "epochs = ten: expected an integer"),
            ("optimizer", "lbfgs", #"optimizer = lbfgs: expected "adam", "adamw" or "sgd""#),
            ("drop_last", "yes", "drop_last = yes: expected true or false"),
            ("lr", "0.1", "lr: unknown setting; the settings are batch_size, batches,"),
        ]
        for (key, value, message) in failures {
            do {
                try table.set(key, to: value)
                Issue.record("\(key) = \(value) was accepted")
            } catch {
                #expect(error.description.hasPrefix(message), "\(error)")
            }
        }
        #expect(table.keys.count == 5, "a refused value sets nothing")
    }

    @Test func theCommandLineWinsOverTheRecipeWhichWinsOverTheDefaults() {
        let sources = TrainSettingSource.sources(recipe: ["model", "epochs"], commandLine: ["epochs", "threads"])
        #expect(sources.count == TrainConfig.keys.count)
        #expect(sources["model"] == .recipe && sources["epochs"] == .commandLine && sources["threads"] == .commandLine)
        #expect(sources["batch_size"] == .defaultValue)
    }
}
