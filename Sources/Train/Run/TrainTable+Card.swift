import Foundation
import TrainSettings

extension TrainTable {
    /// The recipe's `[train]` table as the build stored it in `OUT/dataset.json` (`recipe.train`:
    /// the keys the recipe sets), or nil when the recipe had none or the card cannot be read (the
    /// trainer then reports the card itself).
    public static func fromCard(outputDirectory output: String) -> TrainTable? {
        guard let data = FileManager.default.contents(atPath: output + "/dataset.json"),
            let card = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let recipe = card["recipe"] as? [String: Any], let train = recipe["train"],
            let json = try? JSONSerialization.data(withJSONObject: train)
        else { return nil }
        return try? JSONDecoder().decode(TrainTable.self, from: json)
    }
}
