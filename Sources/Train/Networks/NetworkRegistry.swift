import MelshardCore
import NN

/// The networks `melshard train --model NAME` knows, by name.
///
/// Each network file builds its layers from a `SeededRandom` whose stream is the network's
/// name, so initial weights are a function of the run's seed alone.
public enum NetworkRegistry {
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        let make: @Sendable (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network
    }

    public static let entries: [Entry] = [
        Entry(name: "small-cnn", summary: "3 conv blocks (16, 32, 64) + global average pool + linear; any input of 8 × 8 or more",
              make: SmallCNN.make),
    ]

    public static var names: [String] { entries.map(\.name) }

    /// The network `name` for inputs of `inputShape` ([channels, bands, frames]) and `classes` outputs.
    public static func make(_ name: String, inputShape: [Int], classes: Int, seed: UInt64) throws(TrainError) -> Network {
        guard let entry = entries.first(where: { $0.name == name }) else { throw .unknownModel(name, known: names) }
        var random = SeededRandom(seed: seed, stream: "init/" + name)
        return entry.make(inputShape, classes, &random)
    }
}
