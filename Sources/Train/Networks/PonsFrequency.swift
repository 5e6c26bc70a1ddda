import MelshardCore
import NN

/// Study 004's (Pons) Frequency network: the frequency branch (`PonsBranches.frequency`: 32×1
/// convolution, ReLU, max pooling over all frames) straight into the output layer.
///
/// Input [N, 1, 40, 80]. Parameters for 8 classes: 1,056 + 2,312 = 3,368, as the paper's Table 1
/// states (32 · 9 = 288 features into the output layer).
///
/// The same module in PyTorch (`PonsFrequency` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.frequency = FrequencyBranch()  # conv = nn.Conv2d(1, 32, (32, 1)); pool = nn.MaxPool2d((1, 80))
/// self.out = nn.Linear(32 * 9, classes)
/// # forward: return out(flatten(frequency.pool(relu(frequency.conv(x))), 1))
/// ```
enum PonsFrequency {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let frequency = PonsBranches.frequency(inputShape: inputShape, random: &random)
        let root = Sequential(named: [
            ("frequency", frequency.layer),
            ("out", Linear(frequency.features, classes, random: &random)),
        ])
        return Network(name: "pons-frequency", inputShape: inputShape, root: root)
    }
}
