import MelshardCore
import NN

/// A small 2-D CNN for any clip shape: three blocks of 3×3 convolution, batch norm, ReLU and
/// 2×2 max pooling (16, 32, 64 channels), global average pooling and one linear layer.
///
/// Input [N, 1, bands, frames] with bands and frames at least 8. Not from a study: it is the
/// network `melshard demo`'s datasets train in seconds, and the engine's own test subject.
/// Parameters for 1 input channel and C classes: 23,520 + 65·C (23,780 for 4 classes).
///
/// The same module in PyTorch, with identical `state_dict` names:
/// ```python
/// features = nn.Sequential(
///     nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
///     nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
///     nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
/// classifier = nn.Sequential(nn.Flatten(), nn.Linear(64, C))
/// ```
enum SmallCNN {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        var blocks: [any Layer] = []
        var channels = inputShape[0]
        for width in [16, 32, 64] {
            blocks += [
                Conv2D(channels, width, kernel: 3, padding: .explicit(height: 1, width: 1), random: &random),
                BatchNorm(width), ReLU(),
            ]
            blocks.append(width == 64 ? GlobalAveragePool() : MaxPool2D(kernel: (2, 2)))
            channels = width
        }
        let root = Sequential(named: [
            ("features", Sequential(blocks)),
            ("classifier", Sequential([Flatten(), Linear(64, classes, random: &random)])),
        ])
        return Network(name: "small-cnn", inputShape: inputShape, root: root)
    }
}
