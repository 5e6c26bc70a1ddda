import Foundation

/// The parts of `dataset.json` (docs/shards.md) a report shows, decoded leniently: a field a
/// future card adds is ignored, and one an older card lacks is empty.
struct CardSummary: Decodable {
    struct SplitCounts: Decodable {
        var clips: Int?
        var sources: Int?
        var per_label: [String: Int]?
    }
    struct ClassCounts: Decodable {
        var sources_found: Int?
        var sources_eligible: Int?
        var sources_used: Int?
        var clips: Int?
        var shortfall: Int?
    }
    struct Balance: Decodable {
        var per_class: Int?
        var classes: [String: ClassCounts]?
    }
    struct Rejects: Decodable {
        var total: Int?
        var by_code: [String: Int]?
    }
    struct Shard: Decodable {
        var name: String
        var split: String
        var clips: Int
        var bytes: Int64
    }
    struct Normalisation: Decodable {
        var split: String?
        var mean: Double?
        var std: Double?
    }
    struct Features: Decodable {
        var dtype: String?
        var shape: [Int]?
        var layout: String?
        var clip_samples: Int?
    }

    var name: String?
    var task: String?
    var labels: [String]?
    var splits: [String: SplitCounts]?
    var balance: Balance?
    var rejects: Rejects?
    var shards: [Shard]?
    var normalisation: Normalisation?
    var features: Features?
    var recipe_sha256: String?
    /// `features.parameters`, kept as JSON text pairs so every key shows, even ones added later.
    var parameters: [(String, String)] = []

    enum CodingKeys: String, CodingKey {
        case name, task, labels, splits, balance, rejects, shards, normalisation, features, recipe_sha256
    }

    static func read(directory: String) throws(PicturesError) -> CardSummary {
        let path = directory + "/dataset.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PicturesError(path: path, reason: "is missing", hint: "run `melshard build` into \(directory) first")
        }
        do {
            var card = try JSONDecoder().decode(CardSummary.self, from: data)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let features = object?["features"] as? [String: Any]
            if let parameters = features?["parameters"] as? [String: Any] {
                card.parameters = parameters.keys.sorted().map { key in
                    let value = parameters[key]!
                    let text =
                        (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]))
                        .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
                    return (key, text)
                }
            }
            return card
        } catch {
            throw PicturesError(path: path, reason: "is not a readable dataset card: \(error)")
        }
    }
}
