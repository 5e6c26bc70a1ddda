/// `nn.BatchNorm2d(C)` on `[N, C, H, W]` and `nn.BatchNorm1d(C)` on `[N, C]` (or `[N, C, L]`),
/// with PyTorch's defaults: ε = 1e-5, momentum 0.1, `affine=True`, `track_running_stats=True`.
///
/// Tensors, in `state_dict` order: `weight` γ `[C]` (ones) and `bias` β `[C]` (zeros), trainable;
/// buffers `running_mean` `[C]` (zeros) and `running_var` `[C]` (ones); `num_batches_tracked`
/// `[]` (a counter, saved as int64).
///
/// Training mode normalises with the batch's mean and biased variance over every axis but the
/// channel, then updates `running = (1 − momentum) · running + momentum · batch` with the
/// *unbiased* batch variance, and counts the batch, as PyTorch does. Evaluation mode normalises
/// with the running statistics and changes nothing. Backward differentiates through the batch
/// statistics in training mode and through the fixed running ones in evaluation mode; both add
/// dγ and dβ. Training needs more than one value per channel (N·H·W > 1), as in PyTorch.
/// See `BatchNormKernels` for the formulas and their summation order.
public final class BatchNorm: Layer {
    /// Which PyTorch module this is, which fixes the ranks it takes.
    public enum Variant: Sendable {
        /// `nn.BatchNorm1d`: `[N, C]` or `[N, C, L]`.
        case oneD
        /// `nn.BatchNorm2d`: `[N, C, H, W]`.
        case twoD
    }

    public let channels: Int
    public let variant: Variant
    public let eps: Double
    public let momentum: Double
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVar: Parameter
    public let numBatchesTracked: Parameter

    // What backward needs from the last forward.
    private var input = Tensor(shape: [0])
    private var trainingForward = false
    private var mean = [Double]()
    private var invstd = [Double]()
    // Per-channel scratch, allocated once. `channelShift` holds β − μ·scale in forward and
    // Σdy / M in backward.
    private var variance = [Double]()
    private var sumDY = [Double]()
    private var dot = [Double]()
    private var channelScale = [Float](), channelShift = [Float](), channelK = [Float](), channelMean = [Float]()

    /// - Parameters:
    ///   - channels: C, the size of dimension 1.
    ///   - variant: `.twoD` for `BatchNorm2d` (the default), `.oneD` for `BatchNorm1d`.
    public init(_ channels: Int, variant: Variant = .twoD, eps: Double = 1e-5, momentum: Double = 0.1) {
        precondition(channels >= 1, "BatchNorm needs at least one channel")
        self.channels = channels
        self.variant = variant
        self.eps = eps
        self.momentum = momentum
        weight = Parameter(Tensor(shape: [channels], repeating: 1))
        bias = Parameter(Tensor(shape: [channels]))
        runningMean = Parameter(Tensor(shape: [channels]), role: .buffer)
        runningVar = Parameter(Tensor(shape: [channels], repeating: 1), role: .buffer)
        numBatchesTracked = Parameter(Tensor(shape: [], repeating: 0), role: .counter)
        mean = [Double](repeating: 0, count: channels)
        invstd = mean
        variance = mean
        sumDY = mean
        dot = mean
        channelScale = [Float](repeating: 0, count: channels)
        channelShift = channelScale
        channelK = channelScale
        channelMean = channelScale
    }

    public var kind: String { "BatchNorm\(variant == .twoD ? "2d" : "1d")(\(channels))" }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        [
            ("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar),
            ("num_batches_tracked", numBatchesTracked),
        ]
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let ranks = variant == .twoD ? [4] : [2, 3]
        guard ranks.contains(input.count) else {
            let expected = variant == .twoD ? "[N, C, H, W]" : "[N, C] or [N, C, L]"
            throw ShapeError(kind: kind, input: input, reason: "expects \(expected), got rank \(input.count)")
        }
        guard input[1] == channels else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "expects \(channels) channels in dimension 1, got \(input[1])")
        }
        return input
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        let (n, c, s) = (x.shape[0], channels, x.shape.dropFirst(2).reduce(1, *))
        input = x
        trainingForward = context.training
        if context.training {
            precondition(
                n * s > 1,
                "\(kind): expected more than 1 value per channel when training, got input "
                    + x.shape.shapeDescription)
            x.values.withUnsafeBufferPointer { xb in
                mean.withUnsafeMutableBufferPointer { mb in
                    variance.withUnsafeMutableBufferPointer { vb in
                        BatchNormKernels.statistics(
                            x: xb.baseAddress!, n: n, c: c, s: s, mean: mb.baseAddress!,
                            variance: vb.baseAddress!, threads: context.threads)
                    }
                }
            }
            let unbiased = Double(n * s) / Double(n * s - 1)
            for ch in 0..<c {
                invstd[ch] = 1 / (variance[ch] + eps).squareRoot()
                let rm = Double(runningMean.value.values[ch]), rv = Double(runningVar.value.values[ch])
                runningMean.value.values[ch] = Float(momentum * mean[ch] + (1 - momentum) * rm)
                runningVar.value.values[ch] = Float(momentum * variance[ch] * unbiased + (1 - momentum) * rv)
            }
            numBatchesTracked.value.values[0] += 1
        } else {
            for ch in 0..<c {
                mean[ch] = Double(runningMean.value.values[ch])
                invstd[ch] = 1 / (Double(runningVar.value.values[ch]) + eps).squareRoot()
            }
        }
        // y = x · (γ · invstd) + (β − μ · γ · invstd), the form PyTorch's kernel uses.
        for ch in 0..<c {
            let scale = Double(weight.value.values[ch]) * invstd[ch]
            channelScale[ch] = Float(scale)
            channelShift[ch] = Float(Double(bias.value.values[ch]) - mean[ch] * scale)
        }
        return Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                BatchNormKernels.affine(
                    x: xb.baseAddress!, y: y.baseAddress!, n: n, c: c, s: s,
                    scale: channelScale, shift: channelShift, threads: context.threads)
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        precondition(dy.shape == input.shape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        let (n, c, s) = (input.shape[0], channels, input.shape.dropFirst(2).reduce(1, *))
        input.values.withUnsafeBufferPointer { xb in
            dy.values.withUnsafeBufferPointer { dyb in
                sumDY.withUnsafeMutableBufferPointer { sb in
                    dot.withUnsafeMutableBufferPointer { pb in
                        BatchNormKernels.gradientSums(
                            x: xb.baseAddress!, dy: dyb.baseAddress!, n: n, c: c, s: s,
                            mean: mean, sumDY: sb.baseAddress!, dot: pb.baseAddress!,
                            threads: context.threads)
                    }
                }
            }
        }
        let m = Double(n * s)
        for ch in 0..<c {
            weight.gradient.values[ch] += Float(dot[ch] * invstd[ch])
            bias.gradient.values[ch] += Float(sumDY[ch])
            channelScale[ch] = Float(invstd[ch] * Double(weight.value.values[ch]))
            channelMean[ch] = Float(mean[ch])
            // Evaluation: the statistics are constants, so dx = dy · invstd · γ.
            channelK[ch] = trainingForward ? Float(dot[ch] * invstd[ch] * invstd[ch] / m) : 0
            channelShift[ch] = trainingForward ? Float(sumDY[ch] / m) : 0
        }
        guard needsInputGradient else { return nil }
        return Tensor.filling(input.shape) { dx in
            input.values.withUnsafeBufferPointer { xb in
                dy.values.withUnsafeBufferPointer { dyb in
                    BatchNormKernels.inputGradient(
                        x: xb.baseAddress!, dy: dyb.baseAddress!, dx: dx.baseAddress!,
                        n: n, c: c, s: s, mean: channelMean, meanDY: channelShift,
                        k: channelK, scale: channelScale, threads: context.threads)
                }
            }
        }
    }
}
