import Foundation
import TOML
import TrainSettings

extension RecipeLoader {
    /// The `[train]` table: settings for `melshard train` that travel with the dataset (in the
    /// card's `recipe.train`, as the keys set). Checked here as fully as the command line's, through the same
    /// `TrainConfig` decoder and rules, so that a bad key fails the build, not a later run.
    static func trainSettings(_ table: TOMLTable, problems: inout [RecipeError.Problem]) -> TrainTable? {
        func problem(_ key: String, _ message: String) {
            problems.append(.init(key: "train.\(key)", line: table.line(of: key) ?? table.line, message: message))
        }
        var object: [String: Any] = [:]
        for key in table.keys {
            guard TrainConfig.keys.contains(key) else {
                problem(key, "unknown key; [train] takes \(TrainConfig.keys.sorted().joined(separator: ", "))")
                continue
            }
            switch table[key] {
            case .string(let v)?: object[key] = v
            case .integer(let v)?: object[key] = v
            case .float(let v)?: object[key] = v
            case .boolean(let v)?: object[key] = v
            case let other?: problem(key, "expected a string, number or boolean, found \(TableReader.described(other))")
            case nil: break
            }
        }
        let config: TrainConfig
        do {
            config = try JSONDecoder().decode(TrainConfig.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let DecodingError.typeMismatch(type, context) {
            problem(
                context.codingPath.first?.stringValue ?? "",
                "expected \(type == String.self ? "a string" : "a number"), found \(context.debugDescription)")
            return nil
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.first?.stringValue ?? ""
            problem(key, "'\(object[key] ?? "")' is not allowed; expected \(TrainConfig.allowedValues(of: key))")
            return nil
        } catch {
            problem("", "\(error)")
            return nil
        }
        for p in config.problems() where table.keys.contains(p.key) || p.key == "schedule" {
            problem(p.key, "\(p.value): \(p.rule)")
        }
        return TrainTable(config: config, keys: Array(object.keys))
    }
}
