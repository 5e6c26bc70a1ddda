import MelshardCore
import NN

/// Study 004's (Pons) Time-Frequency network: the time and frequency branches (`PonsBranches`)
/// on the same input, concatenated [time (672), frequency (288)] = 960, a dense layer of 200 with
/// ReLU and dropout 0.5, and the output layer.
///
/// Input [N, 1, 40, 80]. Parameters for 8 classes: 1,952 + 1,056 + 192,200 + 1,608 = 196,816, as
/// the paper's Table 1 states.
///
/// The same module in PyTorch (`PonsTimeFrequency` in `scripts/bench/torch_train.py`), with
/// identical `state_dict` names:
/// ```python
/// self.time = TimeBranch()            # conv = nn.Conv2d(1, 32, (1, 60)); pool = nn.MaxPool2d((40, 1))
/// self.frequency = FrequencyBranch()  # conv = nn.Conv2d(1, 32, (32, 1)); pool = nn.MaxPool2d((1, 80))
/// self.fc = nn.Linear(32 * 21 + 32 * 9, 200)
/// self.drop = nn.Dropout(0.5)
/// self.out = nn.Linear(200, classes)
/// # forward: x = torch.cat([time(x), frequency(x)], dim=1); return out(drop(relu(fc(x))))
/// ```
enum PonsTimeFrequency {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let time = PonsBranches.time(inputShape: inputShape, random: &random)
        let frequency = PonsBranches.frequency(inputShape: inputShape, random: &random)
        let branches = Concatenate([("time", time.layer), ("frequency", frequency.layer)])
        let head = Sequential(named: [
            ("fc", Linear(time.features + frequency.features, 200, random: &random)),
            ("relu", ReLU()),
            ("drop", Dropout(p: 0.5)),
            ("out", Linear(200, classes, random: &random)),
        ])
        return Network(
            name: "pons-time-frequency", inputShape: inputShape,
            root: BranchesThenHead(branches: branches, head: head))
    }
}

/// `head(branches(x))`, with the branches' and the head's children named at the top level
/// (`time.conv.weight`, `fc.weight`), as the PyTorch module's attributes are: a `Sequential` of
/// the two would prefix every name with the part's name.
private final class BranchesThenHead: Layer {
    let branches: Concatenate
    let head: Sequential

    init(branches: Concatenate, head: Sequential) {
        self.branches = branches
        self.head = head
    }

    var kind: String { "PonsTimeFrequency" }

    var children: [(name: String, layer: any Layer)] { branches.children + head.children }

    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        try head.outputShape(for: try branches.outputShape(for: input))
    }

    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        head.forward(branches.forward(x, context), context)
    }

    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard let features = head.backward(dy, context, needsInputGradient: true) else {
            preconditionFailure("\(kind): the head gave no gradient for the branches")
        }
        return branches.backward(features, context, needsInputGradient: needsInputGradient)
    }
}
