import MelshardCore
import NN

/// Study 002's (Ren) base CNN, "Spectrogram -> Convolution Layer 1 -> Convolution Layer 2 ->
/// Convolution Layer 3 -> Output classification", for GTZAN's 10 genres.
///
/// Input [N, 1, 128, 1292]: librosa's default mel spectrogram (128 bands, hop 512 at 22,050 Hz)
/// of one 30-s clip (661,500 samples), as `manifests/ren-gtzan.toml` builds it. A whole GTZAN
/// file (661,794 samples) gives 1293 frames and the same network: the first pool rounds both to
/// 645. The study gives three conv layers, 32 filters in the first (it auralises filters 1, 8,
/// 16 and 32 of it) and an output layer, and nothing else, and names no framework. So the conv
/// stack is the TensorFlow CNN tutorial's, the canonical three-conv network: conv 3×3 (32),
/// ReLU, max-pool 2×2, conv 3×3 (64), ReLU, max-pool 2×2, conv 3×3 (64), ReLU, with Keras's
/// defaults (stride 1, valid padding, pool 2×2): 126 × 1290 → 63 × 645 → 61 × 643 → 30 × 321 →
/// 28 × 319. Then, as the study says, straight to the output: flatten (64 · 28 · 319 = 571,648)
/// and a dense layer to the classes (no hidden dense layer, which the tutorial has and the study
/// does not).
///
/// Parameters for 10 classes: 5,772,234 (320 + 18,496 + 36,928 + 5,716,490), all trainable; the
/// study states no count. In general 55,744 + (F + 1) · C with F = 64 · h · w the last map's size.
/// Keras flattens (h, w, channel); PyTorch and melshard flatten (channel, h, w): the same output
/// layer with its input rows permuted.
///
/// The same module in PyTorch (`RenBase` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.conv1, self.pool1 = nn.Conv2d(1, 32, 3), nn.MaxPool2d(2)
/// self.conv2, self.pool2 = nn.Conv2d(32, 64, 3), nn.MaxPool2d(2)
/// self.conv3 = nn.Conv2d(64, 64, 3)
/// self.out = nn.Linear(64 * 28 * 319, classes)
/// # forward: x = pool1(relu(conv1(x))); x = pool2(relu(conv2(x))); x = relu(conv3(x))
/// #          return out(flatten(x, 1))
/// ```
enum RenBaseCNN {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        Network(
            name: "ren-base", inputShape: inputShape,
            root: layers(inputShape: inputShape, classes: classes, masked: false, random: &random))
    }

    /// The base network's layers, with Zhang et al.'s mask after the last conv layer's ReLU when
    /// `masked` (`RenMaskedCNN`): the mask has no tensors, so both share one `state_dict`.
    static func layers(inputShape: [Int], classes: Int, masked: Bool, random: inout SeededRandom) -> Sequential {
        let (channels, bands, frames) = (inputShape[0], inputShape[1], inputShape[2])
        // Valid 3×3 convolutions take 2 off each side, 2×2 pools halve (rounding down).
        let (height, width) = (((bands - 2) / 2 - 2) / 2 - 2, ((frames - 2) / 2 - 2) / 2 - 2)
        var children = convolutions(channels: channels, random: &random)
        if masked { children.append(("mask", PartTemplateMask())) }
        children += [
            ("flatten", Flatten()),
            ("out", Linear(64 * max(height, 1) * max(width, 1), classes, random: &random)),
        ]
        return Sequential(named: children)
    }

    /// The three convolutions study 002 names, as the TensorFlow tutorial stacks them (3×3 valid,
    /// 32, 64, 64, ReLU, a 2×2 max pool after the first two): shared by the base, masked and CAM
    /// networks, which differ only after `relu3`.
    static func convolutions(channels: Int, random: inout SeededRandom) -> [(name: String, layer: any Layer)] {
        [
            ("conv1", Conv2D(channels, 32, kernel: 3, random: &random)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2D(kernel: (2, 2))),
            ("conv2", Conv2D(32, 64, kernel: 3, random: &random)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2D(kernel: (2, 2))),
            ("conv3", Conv2D(64, 64, kernel: 3, random: &random)),
            ("relu3", ReLU()),
        ]
    }
}
