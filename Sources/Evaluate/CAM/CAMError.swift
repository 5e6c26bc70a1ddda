/// Why a class activation map or a filter's activation cannot be computed, each case one line
/// naming the run (or network), the class, the layer or the filter.
public enum CAMError: Error, Equatable, CustomStringConvertible {
    /// The network is not global average pooling followed by one dense layer; the reason names
    /// what it has instead.
    case notCAMNetwork(run: String, model: String, reason: String)
    /// A class name the run's dataset does not have.
    case unknownClass(run: String, name: String, known: [String])
    /// A layer path the network does not have, or one inside a branch.
    case layer(run: String, message: String)
    /// A filter index beyond the layer's channels.
    case filterOutOfRange(run: String, layer: String, filter: Int, channels: Int)
    /// A clip whose shape is not the network's input.
    case inputShape(run: String, clip: [Int], network: [Int])

    public var description: String {
        switch self {
        case .notCAMNetwork(let run, let model, let reason):
            return "\(run): \(model) has no class activation maps: \(reason); they need global average pooling "
                + "followed by exactly one dense layer (ren-cam, small-cnn)"
        case .unknownClass(let run, let name, let known):
            return "\(run): no class '\(name)'; its classes are \(known.joined(separator: ", "))"
        case .layer(let run, let message):
            return "\(run): \(message)"
        case .filterOutOfRange(let run, let layer, let filter, let channels):
            return
                "\(run): filter \(filter) is beyond layer \(layer), which has \(channels) filters (0…\(channels - 1))"
        case .inputShape(let run, let clip, let network):
            return "\(run): a clip of shape \(clip) does not fit the network's input \(network)"
        }
    }
}
