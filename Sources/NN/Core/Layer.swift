/// One step of a network, with its forward pass and its backward pass to inputs and parameters.
///
/// A layer is a class: it owns its parameters and, between `forward` and `backward` in training
/// mode, what the backward pass needs (its input, a mask, batch statistics). Shapes include the
/// batch dimension first. Names follow PyTorch's `state_dict`: a layer lists its own tensors
/// under their PyTorch names (`weight`, `bias`, `running_mean`) and its children under theirs
/// (`0`, `1`, … in a `Sequential`), so a network's checkpoint loads into the same network
/// written in PyTorch.
///
/// The contract, checked by the tests of every layer against PyTorch and finite differences:
/// - `forward(x)` returns y of `outputShape(for: x.shape)`.
/// - `backward(dy)` takes dL/dy for the last `forward`, **adds** dL/dθ into each trainable
///   parameter's `gradient`, and returns dL/dx, or nil when `needsInputGradient` is false
///   (the first layer of a network, whose input needs no gradient).
public protocol Layer: AnyObject {
    /// A short description for messages: `Conv2d(1, 96, kernel (11, 11), stride (4, 4))`.
    var kind: String { get }
    /// The output shape for an input shape, or why this layer cannot take it.
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int]
    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor
    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor?
    /// This layer's own tensors, by their PyTorch names, in PyTorch's registration order.
    var ownParameters: [(name: String, parameter: Parameter)] { get }
    /// Child layers, by their PyTorch attribute names, in PyTorch's registration order.
    var children: [(name: String, layer: any Layer)] { get }
}

extension Layer {
    public var ownParameters: [(name: String, parameter: Parameter)] { [] }
    public var children: [(name: String, layer: any Layer)] { [] }

    /// Every tensor of this layer and its children, named as in PyTorch's `state_dict`
    /// (`features.0.weight`), in `state_dict` order.
    public func namedParameters(prefix: String = "") -> [NamedParameter] {
        var all = ownParameters.map { NamedParameter(name: prefix + $0.name, parameter: $0.parameter) }
        for child in children {
            all += child.layer.namedParameters(prefix: prefix + child.name + ".")
        }
        return all
    }

    /// Checks shapes through the whole tree and names the first layer that cannot take its input.
    public func checkedOutputShape(for input: [Int], path: String = "") throws(ShapeError) -> [Int] {
        do {
            return try outputShape(for: input)
        } catch var error {
            if error.layer.isEmpty { error.layer = path }
            throw error
        }
    }
}
