import MelshardCore
import NN

/// Why a run could not start or had to stop; each case is one line that names the thing and the fix.
public enum TrainError: Error, CustomStringConvertible {
    /// Settings that cannot work, each naming its key (`learning_rate = nan: …`).
    case settings([String])
    /// The build output cannot be trained on (missing or damaged card or shard, an empty split).
    case dataset(String)
    case unknownModel(String, known: [String])
    /// The network does not fit the shards' clips.
    case shape(model: String, input: [Int], ShapeError)
    /// The run folder holds a run started with other settings.
    case runMismatch(path: String, differences: [String])
    /// The run folder holds something that is not a melshard run.
    case notARun(path: String, reason: String)
    /// The loss became NaN or infinite; the last good checkpoint is kept.
    case nonFiniteLoss(step: Int, loss: Float, lastCheckpoint: String?)
    case file(FileError)
    case other(String)

    public var description: String {
        switch self {
        case .settings(let problems):
            return "train: " + problems.joined(separator: "; ")
        case .dataset(let message):
            return message
        case .unknownModel(let name, let known):
            return
                "train: unknown model \"\(name)\"; known models: \(known.joined(separator: ", ")) (melshard models)"
        case .shape(let model, let input, let error):
            return "train: model \(model) does not fit clips of shape \(input.shapeDescription): \(error)"
        case .runMismatch(let path, let differences):
            return "train: \(path) holds a run started with other settings (\(differences.joined(separator: ", "))); "
                + "rerun with those settings to resume it, or give a new --run folder"
        case .notARun(let path, let reason):
            return "train: \(path) is not a melshard run folder (\(reason)); give an empty or new --run folder"
        case .nonFiniteLoss(let step, let loss, let checkpoint):
            return
                "train: the loss became \(loss.isNaN ? "NaN" : loss > 0 ? "+infinity" : "-infinity") at step \(step); stopped. "
                + (checkpoint.map {
                    "The last good checkpoint, \($0), is intact; lower the learning rate or clip gradients (clip_norm) and rerun"
                }
                    ?? "No checkpoint was written yet; lower the learning rate or clip gradients (clip_norm)")
        case .file(let error):
            return "\(error)"
        case .other(let message):
            return message
        }
    }
}
