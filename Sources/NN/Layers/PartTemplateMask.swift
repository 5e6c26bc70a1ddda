/// The masking layer of Zhang, Wu and Zhu's interpretable CNNs (CVPR 2018, section 3.1), which
/// study 002 kept for its masked CNN when it dropped the paper's loss: each feature map keeps
/// only the neighbourhood of its strongest activation, `y = max(x ∘ T, 0)`.
///
/// Input and output `[N, C, H, W]`. For every sample and channel, (î, ĵ) is the position of the
/// plane's largest value (the first in row-major order on ties, as `torch.argmax`), and the part
/// template is T[i, j] = max(1 − β · (|i − î| / H + |j − ĵ| / W), −1), β = 4 as in the paper:
/// 1 at the peak, falling linearly to −1, so that activations far from the peak are cut to zero.
/// For the paper's square n × n maps this is its ‖μ − μ̂‖₁ / n; on a rectangular map each axis is
/// measured in its own length, so the template reaches as far (a quarter of the map) along time
/// as along frequency. The paper's template scale τ belongs to its loss and is left out (τ = 1):
/// a scale of 0.5 / n² would only shrink the next layer's input. No parameters.
///
/// Backward treats the peak, and so T, as fixed (argmax has no gradient, as in the paper):
/// dx = dy · T where x · T > 0, else 0. PyTorch twin: `PartTemplateMask` in
/// `scripts/bench/torch_train.py`.
public final class PartTemplateMask: Layer {
    /// How fast the template falls from the peak (the paper's β).
    public let beta: Float
    private var input = Tensor(shape: [0])
    /// Each plane's peak index (row-major within the plane) from the last forward.
    private var peaks = [Int]()

    public init(beta: Float = 4) {
        precondition(beta > 0, "PartTemplateMask needs β > 0")
        self.beta = beta
    }

    public var kind: String { "PartTemplateMask(β \(beta))" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        guard input[2] > 0, input[3] > 0 else {
            throw ShapeError(kind: kind, input: input, reason: "cannot mask an empty \(input[2]) × \(input[3]) map")
        }
        return input
    }

    /// T[i, j] for a peak at `peak` (row-major) on a `height` × `width` map: the reference the
    /// kernels below follow, in the same float32 operations as the PyTorch twin.
    public static func template(height: Int, width: Int, peak: Int, beta: Float) -> [Float] {
        let (pi, pj) = (peak / width, peak % width)
        return (0..<(height * width)).map { index in
            let (i, j) = (index / width, index % width)
            let distance = Float(abs(i - pi)) / Float(height) + Float(abs(j - pj)) / Float(width)
            return max(1 - beta * distance, -1)
        }
    }

    /// The index of the first largest value of `plane` (size `count`).
    private static func peak(_ plane: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        for i in 1..<max(count, 1) where plane[i] > plane[best] { best = i }
        return best
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        input = x
        let (height, width) = (x.shape[2], x.shape[3])
        let size = height * width, planes = x.shape[0] * x.shape[1], beta = beta
        var peaks = [Int](repeating: 0, count: planes)
        let y = Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                peaks.withUnsafeMutableBufferPointer { pb in
                    let (xp, yp, peakOut) = (xb.baseAddress!, y.baseAddress!, pb.baseAddress!)
                    Parallel.forEach(planes, threads: context.threads) { p in
                        let plane = xp + p * size
                        let peak = Self.peak(plane, count: size)
                        peakOut[p] = peak
                        let t = Self.template(height: height, width: width, peak: peak, beta: beta)
                        for i in 0..<size { yp[p * size + i] = max(plane[i] * t[i], 0) }
                    }
                }
            }
        }
        self.peaks = peaks
        return y
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        precondition(dy.shape == input.shape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        guard needsInputGradient else { return nil }
        let (height, width) = (input.shape[2], input.shape[3])
        let size = height * width, planes = input.shape[0] * input.shape[1], beta = beta
        return Tensor.filling(dy.shape) { dx in
            dy.values.withUnsafeBufferPointer { db in
                input.values.withUnsafeBufferPointer { xb in
                    let (dyp, xp, dxp) = (db.baseAddress!, xb.baseAddress!, dx.baseAddress!)
                    Parallel.forEach(planes, threads: context.threads) { p in
                        let t = Self.template(height: height, width: width, peak: peaks[p], beta: beta)
                        for i in 0..<size {
                            let k = p * size + i
                            dxp[k] = xp[k] * t[i] > 0 ? dyp[k] * t[i] : 0
                        }
                    }
                }
            }
        }
    }
}
