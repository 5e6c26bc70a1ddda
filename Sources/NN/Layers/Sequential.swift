/// Layers applied one after another, named `0`, `1`, … as PyTorch's `nn.Sequential` names them,
/// or by the names given, as a PyTorch module whose `forward` calls `self.features` then
/// `self.classifier` names its parts.
public final class Sequential: Layer {
    public let layers: [any Layer]
    private let names: [String]

    public init(_ layers: [any Layer]) {
        self.layers = layers
        names = layers.indices.map(String.init)
    }

    public init(named parts: [(name: String, layer: any Layer)]) {
        layers = parts.map(\.layer)
        names = parts.map(\.name)
    }

    public var kind: String { "Sequential" }

    public var children: [(name: String, layer: any Layer)] {
        Array(zip(names, layers))
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        var shape = input
        for (i, layer) in layers.enumerated() {
            do {
                shape = try layer.outputShape(for: shape)
            } catch var error {
                error.layer = error.layer.isEmpty ? names[i] : "\(names[i]).\(error.layer)"
                throw error
            }
        }
        return shape
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        layers.reduce(x) { $1.forward($0, context) }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        var gradient = dy
        for (i, layer) in layers.enumerated().reversed() {
            let needed = i > 0 || needsInputGradient
            guard let dx = layer.backward(gradient, context, needsInputGradient: needed) else { return nil }
            gradient = dx
        }
        return gradient
    }
}
