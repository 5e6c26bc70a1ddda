import MelshardCore
import NN

/// Study 001's (Lu) 2-D model, TensorFlow's `simple_audio` network: Keras-style input
/// normalisation, two 3×3 valid convolutions (32, 64), 2×2 max pooling, dropout 0.25, a dense
/// layer of 128, dropout 0.5 and the output layer.
///
/// Input [N, 1, 32, 32] (the study resizes its spectrograms to 32 × 32; other sizes work if the
/// flattened map changes the first dense layer's width). Parameters for 8 classes: 1,625,612 as
/// the study's supplementary Table 2 states, of which 1,625,610 trainable and 2 the
/// normalisation's statistics (`norm.mean`, `norm.variance`, buffers). In general, with
/// F = 64·⌊(H−4)/2⌋·⌊(W−4)/2⌋ flattened features, 128·F + 18,948 + 129·C. The normalisation's
/// statistics stay at 0 and 1 (the loader standardises inputs with the card's statistics); a
/// checkpoint from PyTorch may carry others, which the layer then applies.
///
/// The same module in PyTorch (`Lu2D` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.norm = InputNormalization(1)          # KerasNormalization here: weight, bias; mean, variance (buffers)
/// self.conv1 = nn.Conv2d(1, 32, 3)
/// self.conv2 = nn.Conv2d(32, 64, 3)
/// self.pool = nn.MaxPool2d(2)
/// self.drop1 = nn.Dropout(0.25)
/// self.fc1 = nn.Linear(64 * 14 * 14, 128)
/// self.drop2 = nn.Dropout(0.5)
/// self.fc2 = nn.Linear(128, classes)
/// # forward: x = relu(conv1(norm(x))); x = drop1(pool(relu(conv2(x))))
/// #          x = drop2(relu(fc1(flatten(x, 1)))); return fc2(x)
/// ```
enum Lu2DCNN {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
        let flattened = 64 * ((height - 4) / 2) * ((width - 4) / 2)
        let root = Sequential(named: [
            ("norm", KerasNormalization(channels: channels)),
            ("conv1", Conv2D(channels, 32, kernel: 3, random: &random)),
            ("relu1", ReLU()),
            ("conv2", Conv2D(32, 64, kernel: 3, random: &random)),
            ("relu2", ReLU()),
            ("pool", MaxPool2D(kernel: (2, 2))),
            ("drop1", Dropout(p: 0.25)),
            ("flatten", Flatten()),
            ("fc1", Linear(flattened, 128, random: &random)),
            ("relu3", ReLU()),
            ("drop2", Dropout(p: 0.5)),
            ("fc2", Linear(128, classes, random: &random)),
        ])
        return Network(name: "lu-2d", inputShape: inputShape, root: root)
    }
}
