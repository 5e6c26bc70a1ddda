/// `nn.Flatten()` (start_dim 1): `[N, d1, d2, …]` → `[N, d1 · d2 · …]`, the same values in the
/// same row-major order. Backward reshapes dy back to the input's shape. No parameters.
public final class Flatten: ReshapingLayer {
    var inputShape = [Int]()

    public init() {}

    public var kind: String { "Flatten()" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count >= 1 else {
            throw ShapeError(kind: kind, input: input, reason: "expects a batch dimension first")
        }
        return [input[0], input.dropFirst().reduce(1, *)]
    }
}
