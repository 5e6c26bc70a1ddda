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
        /// The study the network comes from ("004" for `seeds/004…`); nil for melshard's own.
        public var study: String?
        /// The number of outputs the study trains it with (`melshard models` and
        /// `melshard import-weights` default to it); nil for a network without a study, for which
        /// `defaultClasses` is used.
        public var classes: Int?
        /// Whether the study's task is multi-label (sigmoid outputs, binary cross-entropy), as a
        /// dataset card's task decides for a run; the interchange test takes its loss from it.
        public var multiLabel: Bool
        let make: @Sendable (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network

        init(
            name: String, summary: String, input: [Int]? = nil, study: String? = nil, classes: Int? = nil,
            multiLabel: Bool = false,
            make: @escaping @Sendable (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network
        ) {
            (self.name, self.summary, self.input, self.make) = (name, summary, input, make)
            (self.study, self.classes, self.multiLabel) = (study, classes, multiLabel)
        }

        /// The study's number of outputs, or `NetworkRegistry.defaultClasses`.
        public var studyClasses: Int { classes ?? NetworkRegistry.defaultClasses }
    }

    /// Outputs of a network without a study (`small-cnn`) when none are given: a round number,
    /// only so that `melshard models` can show a count (23,520 + 65 per class).
    public static let defaultClasses = 10

    /// The clip shape used to build a network that takes any size (`small-cnn`) when none is
    /// given; its parameter count does not depend on it (global average pooling).
    public static let defaultInput = [1, 32, 32]

    /// The entry named `name`.
    public static func entry(_ name: String) throws(TrainError) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else { throw .unknownModel(name, known: names) }
        return entry
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
            input: [1, 32, 32], study: "001", classes: 8, make: Lu2DCNN.make),
        Entry(
            name: "lu-grouped-1d",
            summary:
                "study 001's 1-D grouped CNN: Keras normalisation, conv1d 128, 512 (8 groups), max-pool, dense 512; 1 × 32 × 32, 1,866,379 parameters (8 classes)",
            input: [1, 32, 32], study: "001", classes: 8, make: LuGrouped1DCNN.make),
        Entry(
            name: "ren-base",
            summary:
                "study 002's base CNN: conv 32, 64, 64 (3×3, max-pools), output layer; 1 × 128 × 1292, 5,772,234 parameters (10 classes)",
            input: [1, 128, 1292], study: "002", classes: 10, make: RenBaseCNN.make),
        Entry(
            name: "ren-masked",
            summary:
                "study 002's masked CNN: the base CNN with Zhang et al.'s part-template mask on conv 3; 1 × 128 × 1292, 5,772,234 parameters (10 classes)",
            input: [1, 128, 1292], study: "002", classes: 10, make: RenMaskedCNN.make),
        Entry(
            name: "ren-cam",
            summary:
                "study 002's CAM CNN: conv 32, 64, 64, 128 (3×3, max-pools), global average pool, one dense layer; 1 × 128 × 1292, 130,890 parameters (10 classes)",
            input: [1, 128, 1292], study: "002", classes: 10, make: RenCAMCNN.make),
        Entry(
            name: "pons-black-box",
            summary:
                "study 004's Black-box: conv 12×8 (32), max-pool (4, 1), dense 200; 1 × 40 × 80, 3,275,312 parameters (8 classes)",
            input: [1, 40, 80], study: "004", classes: 8, make: PonsBlackBox.make),
        Entry(
            name: "pons-time",
            summary:
                "study 004's Time: conv 1×60 (32), max-pool over all bands, output layer; 1 × 40 × 80, 7,336 parameters (8 classes)",
            input: [1, 40, 80], study: "004", classes: 8, make: PonsTime.make),
        Entry(
            name: "pons-frequency",
            summary:
                "study 004's Frequency: conv 32×1 (32), max-pool over all frames, output layer; 1 × 40 × 80, 3,368 parameters (8 classes)",
            input: [1, 40, 80], study: "004", classes: 8, make: PonsFrequency.make),
        Entry(
            name: "pons-time-frequency",
            summary:
                "study 004's Time-Frequency: time and frequency branches concatenated, dense 200; 1 × 40 × 80, 196,816 parameters (8 classes)",
            input: [1, 40, 80], study: "004", classes: 8, make: PonsTimeFrequency.make),
        Entry(
            name: "gebhardt",
            summary:
                "study 003's multi-label CNN: 4 × (conv 3×3, batch norm, leaky ReLU, max-pool), dense 128, 65; 1 × 80 × 300, 188,491 trainable (4 outputs)",
            input: [1, 80, 300], study: "003", classes: 4, multiLabel: true, make: GebhardtCNN.make),
        Entry(
            name: "alexnet-kell",
            summary:
                "study 000's AlexNet with batch norm: 5 conv, 2 dense 4096; 1 × 128 × 128, 59,153,872 trainable (528 classes)",
            input: [1, 128, 128], study: "000", classes: 528, make: AlexNetKell.make),
        Entry(
            name: "vgg16",
            summary:
                "study 000's VGG-16 with batch norm: 13 conv, 2 dense 4096; 1 × 128 × 128, 136,431,056 trainable (528 classes)",
            input: [1, 128, 128], study: "000", classes: 528, make: VGG16.make),
    ]

    public static var names: [String] { entries.map(\.name) }

    /// The network `name` for inputs of `inputShape` ([channels, bands, frames]) and `classes` outputs.
    public static func make(_ name: String, inputShape: [Int], classes: Int, seed: UInt64) throws(TrainError) -> Network
    {
        let entry = try entry(name)
        var random = SeededRandom(seed: seed, stream: "init/" + name)
        let built = entry.make(entry.input ?? inputShape, classes, &random)
        return Network(name: built.name, inputShape: inputShape, root: built.root)
    }
}
