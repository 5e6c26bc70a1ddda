/// A layer that only gives its input another shape (`Flatten`, `Reshape`): forward keeps the
/// values in their row-major order under `outputShape(for:)`, and backward gives dy the input's
/// shape back. Written once here so the two cannot drift apart.
protocol ReshapingLayer: Layer, AnyObject {
    /// The last forward's input shape, for backward.
    var inputShape: [Int] { get set }
}

extension ReshapingLayer {
    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        inputShape = x.shape
        do { return x.reshaped(try outputShape(for: x.shape)) } catch { preconditionFailure("\(error)") }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(
            dy.count == inputShape.reduce(1, *),
            "\(kind): dy \(dy.shape.shapeDescription) does not "
                + "match the forward's input \(inputShape.shapeDescription)")
        return dy.reshaped(inputShape)
    }
}
