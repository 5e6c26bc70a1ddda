/// A named tensor a layer owns: a trainable weight with its gradient, or a buffer.
///
/// A class, because the layer that computes with it, the optimiser that updates it and the
/// checkpoint that saves it must all see the same storage.
public final class Parameter {
    /// What the tensor is, which decides whether it has a gradient and how it is saved.
    public enum Role: Sendable, Equatable {
        /// Updated by the optimiser from `gradient` (weights, biases, batch-norm affine terms).
        case trainable
        /// Updated by the layer itself in training mode (batch norm's running statistics).
        case buffer
        /// A count the layer keeps (batch norm's `num_batches_tracked`), saved as int64.
        case counter
    }

    public let role: Role
    public var value: Tensor
    /// dL/dvalue, accumulated by `backward` and cleared by `Network.zeroGradients()`.
    /// Empty for buffers and counters.
    public var gradient: Tensor

    public init(_ value: Tensor, role: Role = .trainable) {
        self.role = role
        self.value = value
        self.gradient = role == .trainable ? Tensor(shape: value.shape) : Tensor(shape: [0])
    }
}

/// A parameter with its full PyTorch `state_dict` name, such as `features.0.weight`.
public struct NamedParameter {
    public let name: String
    public let parameter: Parameter

    public init(name: String, parameter: Parameter) {
        self.name = name
        self.parameter = parameter
    }
}
