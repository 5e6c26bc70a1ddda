/// Keras's `Reshape(target_shape)`: `[N, d1, d2, …]` → `[N] + shape`, the same values in the same
/// row-major order (the batch dimension is kept). Backward reshapes dy back to the input's shape.
/// No parameters.
///
/// Study 001's grouped 1-D model uses it twice: `[N, 1, bands, frames]` → `[N, bands, frames]`, so
/// that the bands become a 1-D convolution's channels, and `[N, C, L]` → `[N, 1, C, L]`, so that
/// a 2-D max-pool halves both channels and time as its Keras model's `MaxPooling2D` does.
/// In PyTorch it is `x.reshape(x.shape[0], *shape)` inside `forward`: no module, no state.
public final class Reshape: ReshapingLayer {
    /// The per-sample shape of the output, without the batch dimension.
    public let shape: [Int]
    var inputShape = [Int]()

    /// - Parameter shape: the output's dimensions after the batch dimension, each ≥ 1.
    public init(_ shape: [Int]) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 >= 1 }, "Reshape needs dimensions ≥ 1, got \(shape)")
        self.shape = shape
    }

    public var kind: String { "Reshape(\(shape.map(String.init).joined(separator: ", ")))" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count >= 2 else {
            throw ShapeError(kind: kind, input: input, reason: "expects a batch dimension and at least one more")
        }
        let elements = input.dropFirst().reduce(1, *), wanted = shape.reduce(1, *)
        guard elements == wanted else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "a sample holds \(elements) values, the target shape \(wanted)")
        }
        return [input[0]] + shape
    }
}
