import MelshardCore
import NN

/// Study 000's (Heydarshahi) AlexNet-style network: torchvision's AlexNet layout with batch norm
/// after every convolution, one input channel and the dual-task head (61 + 467 = 528 classes).
///
/// Input [N, 1, 128, 128]: conv 11×11/4 pad 2 (64) → 31×31, pool 3/2 → 15×15, conv 5×5 pad 2
/// (192), pool 3/2 → 7×7, conv 3×3 pad 1 (384, 256, 256), pool 3/2 → 3×3; adaptive average
/// pooling to 6×6 (repeating the 3×3 map, as torchvision's does at this size); classifier dropout
/// 0.5, 9216 → 4096, ReLU, dropout 0.5, 4096 → 4096, ReLU, 4096 → C. Parameters for 528 classes:
/// 59,153,872 trainable, 59,156,176 with the batch norms' running statistics. The study's
/// 101,057,744 could not be reproduced from its text (docs/train.md, "Study 000's parameter counts").
///
/// The same module in PyTorch (`AlexNetStyle` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// def block(cin, cout, k, s, p):
///     return [nn.Conv2d(cin, cout, k, s, p), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
/// self.features = nn.Sequential(
///     *block(1, 64, 11, 4, 2), nn.MaxPool2d(3, 2),
///     *block(64, 192, 5, 1, 2), nn.MaxPool2d(3, 2),
///     *block(192, 384, 3, 1, 1), *block(384, 256, 3, 1, 1), *block(256, 256, 3, 1, 1),
///     nn.MaxPool2d(3, 2))
/// self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
/// self.classifier = nn.Sequential(
///     nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
///     nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Linear(4096, classes))
/// # forward: return classifier(flatten(avgpool(features(x)), 1))
/// ```
enum AlexNetKell {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        func block(_ cin: Int, _ cout: Int, _ k: Int, _ s: Int, _ p: Int, random: inout SeededRandom) -> [any Layer] {
            [
                Conv2D(cin, cout, kernel: k, stride: s, padding: .explicit(height: p, width: p), random: &random),
                BatchNorm(cout), ReLU(),
            ]
        }
        let pool = { MaxPool2D(kernel: (3, 3), stride: (2, 2)) }
        var features: [any Layer] = block(inputShape[0], 64, 11, 4, 2, random: &random) + [pool()]
        features += block(64, 192, 5, 1, 2, random: &random) + [pool()]
        features += block(192, 384, 3, 1, 1, random: &random)
        features += block(384, 256, 3, 1, 1, random: &random)
        features += block(256, 256, 3, 1, 1, random: &random) + [pool()]
        let classifier: [any Layer] = [
            Dropout(p: 0.5), Linear(256 * 6 * 6, 4096, random: &random), ReLU(),
            Dropout(p: 0.5), Linear(4096, 4096, random: &random), ReLU(),
            Linear(4096, classes, random: &random),
        ]
        let root = Sequential(named: [
            ("features", Sequential(features)),
            ("avgpool", AdaptiveAvgPool2D(6)),
            ("flatten", Flatten()),
            ("classifier", Sequential(classifier)),
        ])
        return Network(name: "alexnet-kell", inputShape: inputShape, root: root)
    }
}
