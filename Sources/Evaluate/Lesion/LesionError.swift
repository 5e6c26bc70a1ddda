import NN

/// Why a lesion study cannot run, each case one line naming the layer, the task or the option.
public enum LesionError: Error, Equatable, CustomStringConvertible {
    /// No layer has this path; the paths there are.
    case unknownLayer(String, known: [String])
    /// The layer sits inside a container that is not a `Sequential` (a branch of a
    /// `Concatenate`), so no forward pass can be cut after it.
    case layerOffMainPath(layer: String, container: String, kind: String)
    /// The layer's output has no channel dimension to lesion (`[N, C, …]` is needed).
    case noChannels(layer: String, shape: [Int])
    /// The intact network gets no example of this task right: a drop ratio divides by it.
    case zeroAccuracy(task: String)
    /// A task has no examples in the data.
    case noExamples(task: String)
    /// An option out of its range, with what is allowed.
    case option(String)
    /// The data could not be read (a shard), with the loader's one line.
    case data(String)

    public var description: String {
        switch self {
        case .unknownLayer(let name, let known):
            return "lesion: no layer \"\(name)\"; the layers are \(known.joined(separator: ", "))"
        case .layerOffMainPath(let layer, let container, let kind):
            return "lesion: layer \"\(layer)\" is inside \(container) (\(kind)), not on the network's main path; "
                + "name \(container) or a layer before or after it"
        case .noChannels(let layer, let shape):
            return
                "lesion: layer \"\(layer)\" gives \(shape.shapeDescription), which has no channel dimension to lesion"
        case .zeroAccuracy(let task):
            return "lesion: the intact network gets no \(task) example right, so drop ratios (divided by that "
                + "accuracy) are undefined"
        case .noExamples(let task):
            return "lesion: the data holds no \(task) example"
        case .option(let message):
            return "lesion: " + message
        case .data(let message):
            return message
        }
    }
}
