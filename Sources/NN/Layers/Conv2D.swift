import MelshardCore

/// A 2-D convolution over `[N, C, H, W]` inputs, as `torch.nn.Conv2d(in, out, kernel_size,
/// stride, padding, groups=groups, bias=bias)` with dilation 1 and zero padding.
///
/// Input `[N, inChannels, H, W]`, output `[N, outChannels, OH, OW]` with
/// OH = (H + padding − kernelHeight) / strideHeight + 1 (rounded down, as PyTorch), likewise OW.
/// Parameters, by their `state_dict` names: `weight` `[outChannels, inChannels / groups,
/// kernelHeight, kernelWidth]` and, unless `bias: false`, `bias` `[outChannels]`, both drawn from
/// PyTorch's default U(−1/√fan_in, 1/√fan_in) with fan_in = inChannels / groups × kh × kw.
///
/// Forward and backward are im2col + GEMM over chunks of the batch (`conv2dForward`,
/// `conv2dBackward`), with one scratch buffer per layer (at most 64 MB unless one sample needs
/// more) reused across steps. The layer keeps a reference to its input for `backward`, and skips
/// the whole input-gradient product when `needsInputGradient` is false.
public final class Conv2D: Layer {
    /// How the input is padded with zeros before the kernel slides over it.
    public enum Padding: Sendable, Equatable {
        /// No padding (PyTorch's `padding='valid'` or 0).
        case valid
        /// Output size = input size (PyTorch's `padding='same'`, stride 1 only). The total padding
        /// k − 1 is split with the smaller half first: an even kernel pads one more row at the bottom
        /// and one more column on the right, as PyTorch does.
        case same
        /// `height` rows above and below, `width` columns left and right (PyTorch's
        /// `padding=(h, w)`).
        case explicit(height: Int, width: Int)
    }

    public let inChannels: Int
    public let outChannels: Int
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: Padding
    public let groups: Int
    /// `[outChannels, inChannels / groups, kernelHeight, kernelWidth]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil for `bias: false`.
    public let bias: Parameter?

    private let scratch = Conv2DScratch()
    private var input = Tensor(shape: [0])
    private var geometry: Conv2DGeometry?

    /// - Parameters:
    ///   - inChannels: C of the `[N, C, H, W]` input; divisible by `groups`.
    ///   - outChannels: channels of the output; divisible by `groups`.
    ///   - kernel: (height, width), any sizes ≥ 1 such as (12, 8), (1, 60) or (32, 1).
    ///   - stride: (height, width), default (1, 1).
    ///   - padding: `.valid` (default), `.same` (stride 1 only) or `.explicit(height:width:)`.
    ///   - groups: input and output channels split into this many independent groups (default 1).
    ///   - bias: whether the layer has a bias (default true).
    ///   - random: where the initial weights (then bias) are drawn from.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: Padding = .valid, groups: Int = 1, bias: Bool = true, random: inout SeededRandom
    ) {
        precondition(inChannels >= 1 && outChannels >= 1 && groups >= 1, "Conv2d needs positive channels and groups")
        precondition(
            inChannels % groups == 0,
            "Conv2d: in_channels \(inChannels) must be divisible by groups \(groups)")
        precondition(
            outChannels % groups == 0,
            "Conv2d: out_channels \(outChannels) must be divisible by groups \(groups)")
        precondition(kernel.0 >= 1 && kernel.1 >= 1, "Conv2d: kernel \(kernel) must be positive")
        precondition(stride.0 >= 1 && stride.1 >= 1, "Conv2d: stride \(stride) must be positive")
        if case .explicit(let h, let w) = padding { precondition(h >= 0 && w >= 0, "Conv2d: negative padding") }
        precondition(
            padding != .same || stride == (1, 1),
            "Conv2d: padding 'same' is not supported for strided convolutions (as in PyTorch)")
        let fanIn = inChannels / groups * kernel.0 * kernel.1
        let bound = Initialization.defaultBound(fanIn: fanIn)
        let weightShape = [outChannels, inChannels / groups, kernel.0, kernel.1]
        let weight = Parameter(
            Tensor(
                shape: weightShape,
                values: Initialization.uniform(
                    count: weightShape.reduce(1, *), bound: bound, random: &random)))
        let bias =
            bias
            ? Parameter(
                Tensor(
                    shape: [outChannels],
                    values: Initialization.uniform(
                        count: outChannels, bound: bound, random: &random))) : nil
        self.init(
            inChannels, outChannels, kernel: kernel, stride: stride, padding: padding, groups: groups,
            weight: weight, bias: bias)
    }

    /// A convolution with the given parameters: the drawn ones of the initialiser above, or ones
    /// someone else owns and names (`Conv1D`, whose weight is `[out, in / groups, k]`: the same
    /// values as `[out, in / groups, 1, k]`).
    init(
        _ inChannels: Int, _ outChannels: Int, kernel: (Int, Int), stride: (Int, Int), padding: Padding,
        groups: Int, weight: Parameter, bias: Parameter?
    ) {
        precondition(weight.value.count == outChannels * inChannels / groups * kernel.0 * kernel.1)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.groups = groups
        self.weight = weight
        self.bias = bias
    }

    /// A square kernel and stride, as `nn.Conv2d(in, out, k, stride=s)` with integers.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1,
        padding: Padding = .valid, groups: Int = 1, bias: Bool = true, random: inout SeededRandom
    ) {
        self.init(
            inChannels, outChannels, kernel: (kernel, kernel), stride: (stride, stride), padding: padding,
            groups: groups, bias: bias, random: &random)
    }

    public var kind: String {
        var text = "Conv2d(\(inChannels), \(outChannels), kernel (\(kernel.height), \(kernel.width))"
        text += ", stride (\(stride.height), \(stride.width))"
        switch padding {
        case .valid: break
        case .same: text += ", padding same"
        case .explicit(let h, let w): text += ", padding (\(h), \(w))"
        }
        if groups != 1 { text += ", groups \(groups)" }
        if bias == nil { text += ", no bias" }
        return text + ")"
    }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// The zeros added (top, left, bottom, right).
    public var padAmounts: (top: Int, left: Int, bottom: Int, right: Int) {
        switch padding {
        case .valid: return (0, 0, 0, 0)
        case .explicit(let h, let w): return (h, w, h, w)
        case .same:
            let (top, bottom) = torchSamePadding(kernel: kernel.height)
            let (left, right) = torchSamePadding(kernel: kernel.width)
            return (top, left, bottom, right)
        }
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        try geometry(for: input).outputShape
    }

    /// The kernels' view of this layer on an input shape, or why the input does not fit.
    public func geometry(for input: [Int]) throws(ShapeError) -> Conv2DGeometry {
        guard input.count == 4 else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "expects [N, C, H, W] (4 dimensions), got \(input.count)")
        }
        guard input[1] == inChannels else {
            throw ShapeError(kind: kind, input: input, reason: "expects \(inChannels) input channels, got \(input[1])")
        }
        let pad = padAmounts
        let (height, width) = (input[2] + pad.top + pad.bottom, input[3] + pad.left + pad.right)
        guard height >= kernel.height && width >= kernel.width else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "padded input \(height)×\(width) is smaller than the "
                    + "kernel \(kernel.height)×\(kernel.width)")
        }
        return Conv2DGeometry(
            batch: input[0], inChannels: inChannels, height: input[2], width: input[3],
            outChannels: outChannels, groups: groups, kernel: kernel, stride: stride, padding: pad)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let g = checkedGeometry(x.shape)
        // A checkpoint loaded into the wrong layer must not make the kernels read out of bounds.
        precondition(
            weight.value.count == g.weightCount && weight.gradient.count == g.weightCount,
            "\(kind): weight has \(weight.value.count) values, expected \(g.weightShape.shapeDescription)")
        precondition(
            bias.map { $0.value.count == outChannels && $0.gradient.count == outChannels } ?? true,
            "\(kind): bias must have \(outChannels) values")
        input = x
        geometry = g
        guard g.batch > 0 else { return Tensor(shape: g.outputShape) }
        let biasValues = bias?.value.values
        // Not zero-filled first: `conv2dForward` writes every output value.
        return Tensor.filling(g.outputShape) { y in
            x.values.withUnsafeBufferPointer { x in
                weight.value.values.withUnsafeBufferPointer { w in
                    withOptionalPointer(biasValues) { b in
                        conv2dForward(
                            x.baseAddress!, weight: w.baseAddress!, bias: b, g, y: y.baseAddress!,
                            scratch: scratch, threads: context.threads)
                    }
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard let g = geometry, input.shape == g.inputShape else {
            preconditionFailure("\(kind): backward without a forward pass")
        }
        precondition(
            dy.shape == g.outputShape,
            "\(kind): gradient \(dy.shape.shapeDescription) for output "
                + g.outputShape.shapeDescription)
        var dx = needsInputGradient ? Tensor(shape: g.inputShape) : nil
        guard g.batch > 0 else { return dx }
        let x = input
        let w = weight.value.values
        dy.values.withUnsafeBufferPointer { dy in
            x.values.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { w in
                    weight.gradient.values.withUnsafeMutableBufferPointer { dw in
                        withOptionalMutablePointer(&dx) { dx in
                            withOptionalMutablePointer(bias) { db in
                                conv2dBackward(
                                    dy.baseAddress!, x: x.baseAddress!, weight: w.baseAddress!, g, dx: dx,
                                    dweight: dw.baseAddress!, dbias: db, scratch: scratch,
                                    threads: context.threads)
                            }
                        }
                    }
                }
            }
        }
        return dx
    }

    private func checkedGeometry(_ shape: [Int]) -> Conv2DGeometry {
        do {
            return try geometry(for: shape)
        } catch {
            preconditionFailure(error.description)
        }
    }
}

/// PyTorch's split of `padding='same'` for one dimension (dilation 1): k − 1 zeros in all,
/// (k − 1) / 2 before and the rest (one more for an even kernel) after.
func torchSamePadding(kernel: Int) -> (before: Int, after: Int) {
    let total = kernel - 1
    return (total / 2, total - total / 2)
}

/// Calls `body` with a pointer to `values`' storage, or nil.
private func withOptionalPointer<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// Calls `body` with a mutable pointer to the tensor's storage, or nil.
private func withOptionalMutablePointer<R>(_ tensor: inout Tensor?, _ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
    guard tensor != nil else { return body(nil) }
    return tensor!.values.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}

/// Calls `body` with a mutable pointer to the parameter's gradient, or nil.
private func withOptionalMutablePointer<R>(_ parameter: Parameter?, _ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
    guard let parameter else { return body(nil) }
    return parameter.gradient.values.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}
