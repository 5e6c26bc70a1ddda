/// A trainable network: a root layer, the shape of one example, and the number of outputs.
///
/// The root's `namedParameters()` are the PyTorch `state_dict`: the network files in
/// `Sources/Train/Networks` are written so that the same class in PyTorch has the same names
/// and layouts.
public final class Network {
    /// The registry name, e.g. `small-cnn`.
    public let name: String
    /// One example's shape without the batch dimension, e.g. `[1, 64, 126]`.
    public let inputShape: [Int]
    public let root: any Layer

    public init(name: String, inputShape: [Int], root: any Layer) {
        self.name = name
        self.inputShape = inputShape
        self.root = root
        // Taken once: layers never replace their `Parameter` objects (loading a checkpoint
        // writes `value`), and the trainer asks for these several times per step.
        parameters = root.namedParameters()
        trainable = parameters.filter { $0.parameter.role == .trainable }
    }

    /// Every tensor by its `state_dict` name, in `state_dict` order.
    public let parameters: [NamedParameter]

    /// The trainable tensors only: what an optimiser updates.
    public let trainable: [NamedParameter]

    /// The number of trainable scalars, as `sum(p.numel() for p in model.parameters())`.
    public var parameterCount: Int { trainable.reduce(0) { $0 + $1.parameter.value.count } }

    /// The output shape for a batch of `batch` examples, or which layer cannot take its input.
    public func outputShape(batch: Int) throws(ShapeError) -> [Int] {
        try root.outputShape(for: [batch] + inputShape)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        root.forward(x, context)
    }

    /// Back-propagates dL/dy of the last forward into every parameter's gradient. The input's
    /// own gradient is not computed (a network's first layer never needs it).
    public func backward(_ dy: Tensor, _ context: ForwardContext) {
        _ = root.backward(dy, context, needsInputGradient: false)
    }

    /// dL/dx for the input of the last forward as well, for analyses that differentiate with
    /// respect to the input (metamers, saliency).
    public func backwardToInput(_ dy: Tensor, _ context: ForwardContext) -> Tensor {
        root.backward(dy, context, needsInputGradient: true)!
    }

    public func zeroGradients() {
        for p in trainable { p.parameter.gradient.zero() }
    }
}
