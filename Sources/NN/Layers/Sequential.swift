/// Layers applied one after another, named `0`, `1`, … as PyTorch's `nn.Sequential` names them.
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public var kind: String { "Sequential" }

    public var children: [(name: String, layer: any Layer)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        var shape = input
        for (i, layer) in layers.enumerated() {
            do {
                shape = try layer.outputShape(for: shape)
            } catch var error {
                error.layer = error.layer.isEmpty ? String(i) : "\(i).\(error.layer)"
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
