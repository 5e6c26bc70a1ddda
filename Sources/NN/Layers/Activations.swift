/// Applies `simd` to 8 lanes at a time and `scalar` to the tail, over `range` of raw buffers.
///
/// Written with SIMD selects rather than `cond ? a : b` per element: on random signs a branch
/// per element mispredicts half the time and ran ReLU's backward ten times slower.
@inline(__always)
func map8(
    _ range: Range<Int>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    _ simd: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float, Float) -> Float
) {
    var i = range.lowerBound
    while i + 8 <= range.upperBound {
        let va = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        let vb = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(out + i).storeBytes(of: simd(va, vb), as: SIMD8<Float>.self)
        i += 8
    }
    while i < range.upperBound {
        out[i] = scalar(a[i], b[i])
        i += 1
    }
}

/// Runs `body` over `0..<count` in chunks of 64 Ki elements on up to `threads` threads.
///
/// Element-wise layers are bound by memory bandwidth; a second thread helps only on large
/// activations, and chunks keep each task long enough to be worth it. Each chunk writes only its
/// own range, so results do not depend on `threads`.
func forEachChunk(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let chunk = 1 << 16
    let chunks = (count + chunk - 1) / chunk
    Parallel.forEach(chunks, threads: threads) { i in body((i * chunk)..<min(count, (i + 1) * chunk)) }
}

/// `nn.ReLU()`: y = max(x, 0), element-wise, on any shape. NaN stays NaN, as in PyTorch.
///
/// Backward passes dy where the output is positive and 0 elsewhere (at x = 0 the gradient is 0,
/// PyTorch's choice). Keeps its output, not a copy, for backward. No parameters.
public final class ReLU: Layer {
    private var output = Tensor(shape: [0])

    public init() {}

    public var kind: String { "ReLU()" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        output = Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                let xp = xb.baseAddress!, yp = y.baseAddress!
                forEachChunk(x.count, threads: context.threads) { range in
                    map8(range, xp, xp, yp, { x, _ in x.replacing(with: 0, where: x .< 0) }, { x, _ in x < 0 ? 0 : x })
                }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(dy.shape == output.shape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(dy.shape) { dx in
            output.values.withUnsafeBufferPointer { yb in
                dy.values.withUnsafeBufferPointer { dyb in
                    let yp = yb.baseAddress!, dyp = dyb.baseAddress!, dxp = dx.baseAddress!
                    forEachChunk(dy.count, threads: context.threads) { range in
                        // PyTorch's threshold_backward: 0 where y ≤ 0, dy elsewhere (also where y is NaN).
                        map8(
                            range, yp, dyp, dxp, { y, g in g.replacing(with: 0, where: y .<= 0) },
                            { y, g in y <= 0 ? 0 : g })
                    }
                }
            }
        }
    }
}

/// `nn.LeakyReLU(negative_slope=0.01)`: y = x for x > 0, else `negativeSlope` · x, element-wise,
/// on any shape.
///
/// Backward gives dy for x > 0 and `negativeSlope` · dy otherwise (x = 0 takes the slope, as
/// PyTorch's `leaky_relu_backward` does). Keeps its input for backward. No parameters.
public final class LeakyReLU: Layer {
    public let negativeSlope: Float
    private var input = Tensor(shape: [0])

    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    public var kind: String { "LeakyReLU(negative_slope=\(negativeSlope))" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        input = x
        let slope = negativeSlope
        return Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                let xp = xb.baseAddress!, yp = y.baseAddress!
                forEachChunk(x.count, threads: context.threads) { range in
                    map8(
                        range, xp, xp, yp, { x, _ in x.replacing(with: x * slope, where: .!(x .> 0)) },
                        { x, _ in x > 0 ? x : x * slope })
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(dy.shape == input.shape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        let slope = negativeSlope
        return Tensor.filling(dy.shape) { dx in
            input.values.withUnsafeBufferPointer { xb in
                dy.values.withUnsafeBufferPointer { dyb in
                    let xp = xb.baseAddress!, dyp = dyb.baseAddress!, dxp = dx.baseAddress!
                    forEachChunk(dy.count, threads: context.threads) { range in
                        map8(
                            range, xp, dyp, dxp, { x, g in g.replacing(with: g * slope, where: .!(x .> 0)) },
                            { x, g in x > 0 ? g : g * slope })
                    }
                }
            }
        }
    }
}
