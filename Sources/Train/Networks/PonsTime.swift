import MelshardCore
import NN

/// Study 004's (Pons) Time network: the time branch (`PonsBranches.time`: 1×60 convolution,
/// ReLU, max pooling over all bands) straight into the output layer, with no hidden layer.
///
/// Input [N, 1, 40, 80]. Parameters for 8 classes: 1,952 + 5,384 = 7,336, as the paper's Table 1
/// states (32 · 21 = 672 features into the output layer).
///
/// The same module in PyTorch (`PonsTime` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.time = TimeBranch()            # conv = nn.Conv2d(1, 32, (1, 60)); pool = nn.MaxPool2d((40, 1))
/// self.out = nn.Linear(32 * 21, classes)
/// # forward: return out(flatten(time.pool(relu(time.conv(x))), 1))
/// ```
enum PonsTime {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let time = PonsBranches.time(inputShape: inputShape, random: &random)
        let root = Sequential(named: [
            ("time", time.layer),
            ("out", Linear(time.features, classes, random: &random)),
        ])
        return Network(name: "pons-time", inputShape: inputShape, root: root)
    }
}
