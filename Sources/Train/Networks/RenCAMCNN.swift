import MelshardCore
import NN

/// Study 002's (Ren) CAM CNN: convolutions, global average pooling and a single dense layer, the
/// form class activation maps need (Zhou et al., 2016: a class's map is its dense weights applied
/// to the last conv layer's feature maps).
///
/// Input [N, 1, 128, 1292], as the base CNN. The study built it from the base CNN "by adding
/// additional conv2D layers and max pooling layers" and says only that one dense layer may
/// follow. So: the base's three conv layers (32, 64, 64, 3×3, valid, ReLU, each followed by a
/// 2×2 max-pool, the third's pool being the added one) and one added conv 3×3 (128, the filters
/// doubling as the map halves), ReLU: 28 × 319 → 14 × 159 → 12 × 157 × 128, the class maps'
/// resolution; global average pooling to 128 features; dense to the classes. The study's
/// "deconvolution layer" brings a map back to the input's size for display and is no part of the
/// trained network. Any input of at least 38 × 38 works: the dense layer's width does not depend
/// on it.
///
/// Parameters for 10 classes: 130,890 (320 + 18,496 + 36,928 + 73,856 + 1290), all trainable;
/// the study states no count. In general 129,600 + 129 · C.
///
/// The same module in PyTorch (`RenCAM` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.conv1, self.pool1 = nn.Conv2d(1, 32, 3), nn.MaxPool2d(2)
/// self.conv2, self.pool2 = nn.Conv2d(32, 64, 3), nn.MaxPool2d(2)
/// self.conv3, self.pool3 = nn.Conv2d(64, 64, 3), nn.MaxPool2d(2)
/// self.conv4 = nn.Conv2d(64, 128, 3)
/// self.gap = nn.AdaptiveAvgPool2d(1)
/// self.out = nn.Linear(128, classes)
/// # forward: x = pool3(relu(conv3(pool2(relu(conv2(pool1(relu(conv1(x)))))))))
/// #          return out(flatten(gap(relu(conv4(x))), 1))
/// ```
enum RenCAMCNN {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let trunk = RenBaseCNN.convolutions(channels: inputShape[0], random: &random)
        let root = Sequential(
            named: trunk + [
                ("pool3", MaxPool2D(kernel: (2, 2))),
                ("conv4", Conv2D(64, 128, kernel: 3, random: &random)),
                ("relu4", ReLU()),
                ("gap", GlobalAveragePool()),
                ("flatten", Flatten()),
                ("out", Linear(128, classes, random: &random)),
            ])
        return Network(name: "ren-cam", inputShape: inputShape, root: root)
    }
}
