/// Where a run's setting came from: recorded for every key in the run's `config.json`
/// (`train_sources`), so a run can be read back without the command that started it.
public enum TrainSettingSource: String, Codable, Sendable, CaseIterable {
    /// melshard's default (docs/train.md "Settings").
    case defaultValue = "default"
    /// The recipe's `[train]` table, as the card keeps it.
    case recipe
    /// An option of `melshard train` (`--epochs`, `--set KEY=VALUE`, `--folds all`'s fold, …).
    case commandLine = "command line"

    /// Every setting's source, by key: the command line over the recipe over the defaults.
    public static func sources(recipe: [String], commandLine: [String]) -> [String: TrainSettingSource] {
        var found = Dictionary(uniqueKeysWithValues: TrainConfig.keys.map { ($0, TrainSettingSource.defaultValue) })
        for key in recipe where found[key] != nil { found[key] = .recipe }
        for key in commandLine where found[key] != nil { found[key] = .commandLine }
        return found
    }
}
