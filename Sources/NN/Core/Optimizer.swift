/// Updates parameters from their gradients, and keeps state that a checkpoint must save.
///
/// State tensors are named after the parameter they belong to and the name PyTorch's optimiser
/// gives the slot: `features.0.weight.exp_avg`, `features.0.weight.exp_avg_sq` (Adam, AdamW),
/// `features.0.weight.momentum_buffer` (SGD with momentum). Restoring them and the step count
/// makes the next update bit-identical to the one an uninterrupted run would make.
public protocol Optimizer: AnyObject {
    /// How many updates have been made.
    var stepCount: Int { get }
    /// One update of every trainable parameter in `parameters` from its `gradient`.
    func step(_ parameters: [NamedParameter], learningRate: Float)
    /// The state to checkpoint, by name. Deterministic order.
    func stateTensors() -> [(name: String, tensor: Tensor)]
    /// Restores what `stateTensors()` gave, and the step count.
    func restore(_ tensors: [String: Tensor], stepCount: Int) throws(OptimizerStateError)
}

/// A checkpoint's optimiser state does not fit the network: a slot is missing or has another shape.
public struct OptimizerStateError: Error, Equatable, CustomStringConvertible {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "optimiser state \(name): \(reason)" }
}
