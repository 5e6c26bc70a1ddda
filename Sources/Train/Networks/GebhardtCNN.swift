import MelshardCore
import NN

/// Study 003's (Gebhardt) multi-label network: four blocks of 3×3 "same" convolution, batch norm,
/// leaky ReLU and max pooling ((2, 4), (3, 4), (2, 5), (2, 2)), then dense 128 and dense 65, each
/// with batch norm, leaky ReLU and dropout 0.2, and 4 outputs (logits for sigmoid outputs: train
/// with `BinaryCrossEntropyWithLogits`).
///
/// Input [N, 1, 80, 300]: the blocks give 40×75×32, 13×18×64, 6×3×64 and 3×1×128, as the study's
/// Table 1 states, flattened to 384. Parameters for 4 classes: 188,491 trainable, 189,453 with
/// the batch norms' running statistics (the study states no count). Leaky ReLU slope 0.01,
/// PyTorch's default (the study gives none). The study's L2 penalty on the dense layers belongs
/// to the recipe (weight decay), not to the network.
///
/// The same module in PyTorch (`Gebhardt` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.conv1, self.bn1 = nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32)
/// self.conv2, self.bn2 = nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64)
/// self.conv3, self.bn3 = nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64)
/// self.conv4, self.bn4 = nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128)
/// self.pool1, self.pool2 = nn.MaxPool2d((2, 4)), nn.MaxPool2d((3, 4))
/// self.pool3, self.pool4 = nn.MaxPool2d((2, 5)), nn.MaxPool2d((2, 2))
/// self.fc1, self.bn5, self.drop1 = nn.Linear(128 * 3 * 1, 128), nn.BatchNorm1d(128), nn.Dropout(0.2)
/// self.fc2, self.bn6, self.drop2 = nn.Linear(128, 65), nn.BatchNorm1d(65), nn.Dropout(0.2)
/// self.out = nn.Linear(65, classes)
/// # forward (act = leaky_relu(·, 0.01)): x = pool1(act(bn1(conv1(x)))) … pool4(act(bn4(conv4(x))))
/// #          x = drop1(act(bn5(fc1(flatten(x, 1))))); x = drop2(act(bn6(fc2(x)))); return out(x)
/// ```
enum GebhardtCNN {
    /// Leaky ReLU's negative slope: PyTorch's default.
    static let slope: Float = 0.01

    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        var parts: [(name: String, layer: any Layer)] = []
        var (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let blocks: [(width: Int, pool: (Int, Int))] = [(32, (2, 4)), (64, (3, 4)), (64, (2, 5)), (128, (2, 2))]
        for (i, block) in blocks.enumerated() {
            let n = i + 1
            parts += [
                (
                    "conv\(n)",
                    Conv2D(
                        channels, block.width, kernel: 3, padding: .explicit(height: 1, width: 1),
                        random: &random)
                ),
                ("bn\(n)", BatchNorm(block.width)),
                ("act\(n)", LeakyReLU(negativeSlope: slope)),
                ("pool\(n)", MaxPool2D(kernel: block.pool)),
            ]
            (channels, height, width) = (block.width, height / block.pool.0, width / block.pool.1)
        }
        parts += [
            ("flatten", Flatten()),
            ("fc1", Linear(channels * height * width, 128, random: &random)),
            ("bn5", BatchNorm(128, variant: .oneD)),
            ("act5", LeakyReLU(negativeSlope: slope)),
            ("drop1", Dropout(p: 0.2)),
            ("fc2", Linear(128, 65, random: &random)),
            ("bn6", BatchNorm(65, variant: .oneD)),
            ("act6", LeakyReLU(negativeSlope: slope)),
            ("drop2", Dropout(p: 0.2)),
            ("out", Linear(65, classes, random: &random)),
        ]
        return Network(name: "gebhardt", inputShape: inputShape, root: Sequential(named: parts))
    }
}
