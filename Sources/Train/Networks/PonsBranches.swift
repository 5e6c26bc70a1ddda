import MelshardCore
import NN

/// The two branches of study 004's (Pons) musically motivated networks, shared by `PonsTime`,
/// `PonsFrequency` and `PonsTimeFrequency`.
///
/// On [N, 1, 40, 80] (40 mel bands, 80 frames):
/// - time: a 1×60 convolution (32 filters, valid) → 40 × 21, ReLU, max pooling over all 40 bands
///   → 1 × 21, flattened to 672 (`nn.Conv2d(1, 32, (1, 60))`, `nn.MaxPool2d((40, 1))`);
/// - frequency: a 32×1 convolution (32 filters, valid) → 9 × 80, ReLU, max pooling over all 80
///   frames → 9 × 1, flattened to 288 (`nn.Conv2d(1, 32, (32, 1))`, `nn.MaxPool2d((1, 80))`).
///
/// Each is a `Sequential` whose parameters are named `conv.weight` and `conv.bias`, as the
/// PyTorch `TimeBranch` and `FrequencyBranch` modules (attributes `conv` and `pool`) name them.
/// The pools span the whole axis whatever the input size, as the study intends.
enum PonsBranches {
    /// The filter count of both branches' convolutions.
    static let filters = 32

    /// The time branch and the width of its flattened output, `32 · (W − 59)`.
    static func time(inputShape: [Int], random: inout SeededRandom) -> (layer: Sequential, features: Int) {
        let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let layer = Sequential(named: [
            ("conv", Conv2D(channels, filters, kernel: (1, 60), random: &random)),
            ("relu", ReLU()),
            ("pool", MaxPool2D(kernel: (height, 1))),
            ("flatten", Flatten()),
        ])
        return (layer, filters * (width - 59))
    }

    /// The frequency branch and the width of its flattened output, `32 · (H − 31)`.
    static func frequency(inputShape: [Int], random: inout SeededRandom) -> (layer: Sequential, features: Int) {
        let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let layer = Sequential(named: [
            ("conv", Conv2D(channels, filters, kernel: (32, 1), random: &random)),
            ("relu", ReLU()),
            ("pool", MaxPool2D(kernel: (1, width))),
            ("flatten", Flatten()),
        ])
        return (layer, filters * (height - 31))
    }
}
