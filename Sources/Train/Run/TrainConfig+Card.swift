import Foundation
import TrainSettings

extension TrainConfig {
    /// The recipe's `[train]` settings as the build stored them in `OUT/dataset.json`
    /// (`recipe.train`), or nil when the recipe had none or the card cannot be read (the
    /// trainer then reports the card itself).
    public static func fromCard(outputDirectory output: String) -> TrainConfig? {
        guard let data = FileManager.default.contents(atPath: output + "/dataset.json"),
            let card = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let recipe = card["recipe"] as? [String: Any], let train = recipe["train"],
            let json = try? JSONSerialization.data(withJSONObject: train)
        else { return nil }
        return try? JSONDecoder().decode(TrainConfig.self, from: json)
    }
}
