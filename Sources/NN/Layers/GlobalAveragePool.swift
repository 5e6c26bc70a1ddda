/// `nn.AdaptiveAvgPool2d(1)`: the mean of each channel's plane, `[N, C, H, W]` → `[N, C, 1, 1]`.
///
/// As in PyTorch, a `Flatten` usually follows it to give `[N, C]` for a linear classifier.
/// Each plane is summed in float64 (PyTorch takes `mean` over the plane with a cascade sum;
/// both are far more accurate than float32's 1e-5 test tolerance). Backward spreads
/// dL/dy / (H·W) over the plane. No parameters.
public final class GlobalAveragePool: Layer {
    private var inputShape = [Int]()

    public init() {}

    public var kind: String { "AdaptiveAvgPool2d(1)" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        guard input[2] > 0, input[3] > 0 else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "cannot average an empty \(input[2]) × \(input[3]) plane")
        }
        return [input[0], input[1], 1, 1]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let shape: [Int]
        do { shape = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        inputShape = x.shape
        let planes = x.shape[0] * x.shape[1], size = x.shape[2] * x.shape[3]
        return Tensor.filling(shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                Self.forward(
                    x: xb.baseAddress!, y: y.baseAddress!, planes: planes, size: size,
                    threads: context.threads)
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        let planes = inputShape[0] * inputShape[1], size = inputShape[2] * inputShape[3]
        precondition(dy.count == planes, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(inputShape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                Self.backward(
                    dy: dyb.baseAddress!, dx: dx.baseAddress!, planes: planes, size: size,
                    threads: context.threads)
            }
        }
    }

    // MARK: - Kernels

    /// `x` `[planes, size]` → `y` `[planes]`: each plane's mean, summed in float64 with four
    /// accumulators (a fixed order, so the result does not depend on `threads`).
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int, size: Int, threads: Int
    ) {
        Parallel.forEach(planes, threads: threads) { plane in
            let p = x + plane * size
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var i = 0
            while i + 4 <= size {
                s0 += Double(p[i]); s1 += Double(p[i + 1]); s2 += Double(p[i + 2]); s3 += Double(p[i + 3])
                i += 4
            }
            while i < size { s0 += Double(p[i]); i += 1 }
            y[plane] = Float(((s0 + s1) + (s2 + s3)) / Double(size))
        }
    }

    /// The reference forward: one float64 sum per plane, element by element.
    public static func forwardNaive(x: [Float], planes: Int, size: Int) -> [Float] {
        (0..<planes).map { p in Float(x[(p * size)..<((p + 1) * size)].reduce(0.0) { $0 + Double($1) } / Double(size)) }
    }

    /// `dy` `[planes]` → `dx` `[planes, size]`, each element dy / size.
    public static func backward(
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, planes: Int, size: Int, threads: Int
    ) {
        Parallel.forEach(planes, threads: threads) { plane in
            (dx + plane * size).update(repeating: dy[plane] / Float(size), count: size)
        }
    }
}
