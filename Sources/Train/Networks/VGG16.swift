import MelshardCore
import NN

/// Study 000's (Heydarshahi) VGG-16: torchvision's `vgg16_bn` with one input channel and the
/// dual-task head (61 + 467 = 528 classes).
///
/// Input [N, 1, 128, 128]: 13 convolutions 3×3 pad 1, each followed by batch norm and ReLU, in
/// the configuration 64, 64, M, 128, 128, M, 256 ×3, M, 512 ×3, M, 512 ×3, M (M = max pooling
/// 2×2) → 512 × 4 × 4; adaptive average pooling to 7×7; classifier 25088 → 4096, ReLU, dropout
/// 0.5, 4096 → 4096, ReLU, dropout 0.5, 4096 → C. Parameters for 528 classes: 136,431,056
/// trainable, 136,439,504 with the batch norms' running statistics; the study states 136,446,416,
/// which no standard variant reproduces exactly (docs/train.md, "Study 000's parameter counts").
///
/// The same module in PyTorch (`VGG16` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// CONFIG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
/// layers, cin = [], 1
/// for v in CONFIG:
///     if v == "M": layers.append(nn.MaxPool2d(2, 2))
///     else: layers += [nn.Conv2d(cin, v, 3, padding=1), nn.BatchNorm2d(v), nn.ReLU(inplace=True)]; cin = v
/// self.features = nn.Sequential(*layers)
/// self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
/// self.classifier = nn.Sequential(
///     nn.Linear(512 * 7 * 7, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
///     nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(4096, classes))
/// # forward: return classifier(flatten(avgpool(features(x)), 1))
/// ```
enum VGG16 {
    /// Convolution widths, with nil for a 2×2 max pool: torchvision's configuration "D".
    static let configuration: [Int?] = [
        64, 64, nil, 128, 128, nil, 256, 256, 256, nil,
        512, 512, 512, nil, 512, 512, 512, nil,
    ]

    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        var features: [any Layer] = []
        var channels = inputShape[0]
        for width in configuration {
            guard let width else {
                features.append(MaxPool2D(kernel: (2, 2)))
                continue
            }
            features += [
                Conv2D(channels, width, kernel: 3, padding: .explicit(height: 1, width: 1), random: &random),
                BatchNorm(width), ReLU(),
            ]
            channels = width
        }
        let classifier: [any Layer] = [
            Linear(512 * 7 * 7, 4096, random: &random), ReLU(), Dropout(p: 0.5),
            Linear(4096, 4096, random: &random), ReLU(), Dropout(p: 0.5),
            Linear(4096, classes, random: &random),
        ]
        let root = Sequential(named: [
            ("features", Sequential(features)),
            ("avgpool", AdaptiveAvgPool2D(7)),
            ("flatten", Flatten()),
            ("classifier", Sequential(classifier)),
        ])
        return Network(name: "vgg16", inputShape: inputShape, root: root)
    }
}
