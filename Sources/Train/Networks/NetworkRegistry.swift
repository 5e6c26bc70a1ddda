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
        /// The input a study's network is built for ([channels, bands, frames]); nil for a network
        /// that takes any size. A study's network keeps its layers' sizes (and so its parameter
        /// count) whatever the dataset, so clips of another shape are refused by the shape check,
        /// naming the first layer that cannot take them, rather than silently growing the network.
        public var input: [Int]?
        let make: @Sendable (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network

        init(
            name: String, summary: String, input: [Int]? = nil,
            make: @escaping @Sendable (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network
        ) {
            (self.name, self.summary, self.input, self.make) = (name, summary, input, make)
        }
    }

    public static let entries: [Entry] = [
        Entry(
            name: "small-cnn",
            summary: "3 conv blocks (16, 32, 64) + global average pool + linear; any input of 8 × 8 or more",
            make: SmallCNN.make),
        Entry(
            name: "lu-2d",
            summary:
                "study 001's 2-D CNN: Keras normalisation, conv 32, 64, max-pool, dense 128; 1 × 32 × 32, 1,625,612 parameters (8 classes)",
            input: [1, 32, 32], make: Lu2DCNN.make),
        Entry(
            name: "lu-grouped-1d",
            summary:
                "study 001's 1-D grouped CNN: Keras normalisation, conv1d 128, 512 (8 groups), max-pool, dense 512; 1 × 32 × 32, 1,866,379 parameters (8 classes)",
            input: [1, 32, 32], make: LuGrouped1DCNN.make),
        Entry(
            name: "ren-base",
            summary:
                "study 002's base CNN: conv 32, 64, 64 (3×3, max-pools), output layer; 1 × 128 × 1293, 5,772,234 parameters (10 classes)",
            input: [1, 128, 1293], make: RenBaseCNN.make),
        Entry(
            name: "ren-masked",
            summary:
                "study 002's masked CNN: the base CNN with Zhang et al.'s part-template mask on conv 3; 1 × 128 × 1293, 5,772,234 parameters (10 classes)",
            input: [1, 128, 1293], make: RenMaskedCNN.make),
        Entry(
            name: "ren-cam",
            summary:
                "study 002's CAM CNN: conv 32, 64, 64, 128 (3×3, max-pools), global average pool, one dense layer; 1 × 128 × 1293, 130,890 parameters (10 classes)",
            input: [1, 128, 1293], make: RenCAMCNN.make),
        Entry(
            name: "pons-black-box",
            summary:
                "study 004's Black-box: conv 12×8 (32), max-pool (4, 1), dense 200; 1 × 40 × 80, 3,275,312 parameters (8 classes)",
            input: [1, 40, 80], make: PonsBlackBox.make),
        Entry(
            name: "pons-time",
            summary:
                "study 004's Time: conv 1×60 (32), max-pool over all bands, output layer; 1 × 40 × 80, 7,336 parameters (8 classes)",
            input: [1, 40, 80], make: PonsTime.make),
        Entry(
            name: "pons-frequency",
            summary:
                "study 004's Frequency: conv 32×1 (32), max-pool over all frames, output layer; 1 × 40 × 80, 3,368 parameters (8 classes)",
            input: [1, 40, 80], make: PonsFrequency.make),
        Entry(
            name: "pons-time-frequency",
            summary:
                "study 004's Time-Frequency: time and frequency branches concatenated, dense 200; 1 × 40 × 80, 196,816 parameters (8 classes)",
            input: [1, 40, 80], make: PonsTimeFrequency.make),
        Entry(
            name: "gebhardt",
            summary:
                "study 003's multi-label CNN: 4 × (conv 3×3, batch norm, leaky ReLU, max-pool), dense 128, 65; 1 × 80 × 300, 188,491 trainable (4 outputs)",
            input: [1, 80, 300], make: GebhardtCNN.make),
        Entry(
            name: "alexnet-kell",
            summary:
                "study 000's AlexNet with batch norm: 5 conv, 2 dense 4096; 1 × 128 × 128, 59,153,872 trainable (528 classes)",
            input: [1, 128, 128], make: AlexNetKell.make),
        Entry(
            name: "vgg16",
            summary:
                "study 000's VGG-16 with batch norm: 13 conv, 2 dense 4096; 1 × 128 × 128, 136,431,056 trainable (528 classes)",
            input: [1, 128, 128], make: VGG16.make),
    ]

    public static var names: [String] { entries.map(\.name) }

    /// The network `name` for inputs of `inputShape` ([channels, bands, frames]) and `classes` outputs.
    public static func make(_ name: String, inputShape: [Int], classes: Int, seed: UInt64) throws(TrainError) -> Network
    {
        guard let entry = entries.first(where: { $0.name == name }) else { throw .unknownModel(name, known: names) }
        var random = SeededRandom(seed: seed, stream: "init/" + name)
        let built = entry.make(entry.input ?? inputShape, classes, &random)
        return Network(name: built.name, inputShape: inputShape, root: built.root)
    }
}
