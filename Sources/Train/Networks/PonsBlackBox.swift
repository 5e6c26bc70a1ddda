import MelshardCore
import NN

/// Study 004's (Pons) Black-box network: one 12×8 valid convolution (32 filters), ReLU, (4, 1)
/// max pooling, a dense layer of 200 with ReLU and dropout 0.5, and the output layer.
///
/// Input [N, 1, 40, 80] (40 mel bands, 80 frames): the convolution gives 29 × 73, the pool
/// 7 × 73, flattened to 32·7·73 = 16,352. Parameters for 8 classes: 3,104 + 3,270,600 + 1,608 =
/// 3,275,312, as the paper's Table 1 states. Other input sizes change the dense layer's width.
///
/// The same module in PyTorch (`PonsBlackBox` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.conv = nn.Conv2d(1, 32, (12, 8))
/// self.pool = nn.MaxPool2d((4, 1))
/// self.fc = nn.Linear(32 * 7 * 73, 200)
/// self.drop = nn.Dropout(0.5)
/// self.out = nn.Linear(200, classes)
/// # forward: x = pool(relu(conv(x))); return out(drop(relu(fc(flatten(x, 1)))))
/// ```
enum PonsBlackBox {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let flattened = 32 * ((height - 11) / 4) * (width - 7)
        let root = Sequential(named: [
            ("conv", Conv2D(channels, 32, kernel: (12, 8), random: &random)),
            ("relu1", ReLU()),
            ("pool", MaxPool2D(kernel: (4, 1))),
            ("flatten", Flatten()),
            ("fc", Linear(flattened, 200, random: &random)),
            ("relu2", ReLU()),
            ("drop", Dropout(p: 0.5)),
            ("out", Linear(200, classes, random: &random)),
        ])
        return Network(name: "pons-black-box", inputShape: inputShape, root: root)
    }
}
