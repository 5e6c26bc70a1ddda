import MelshardCore

/// A 1-D convolution over `[N, C, L]` inputs, as `torch.nn.Conv1d(in, out, kernel_size, stride,
/// padding, groups=groups, bias=bias)` with dilation 1 and zero padding; seed 001's grouped
/// temporal convolution is `Conv1D(c, c, kernel: k, groups: c)`.
///
/// Input `[N, inChannels, L]`, output `[N, outChannels, (L + 2·padding − kernel) / stride + 1]`
/// (rounded down). Parameters: `weight` `[outChannels, inChannels / groups, kernel]` and, unless
/// `bias: false`, `bias` `[outChannels]`, from U(−1/√fan_in, 1/√fan_in) with
/// fan_in = inChannels / groups × kernel, as PyTorch initialises them.
///
/// It runs on the 2-D kernels with height 1: `[N, C, L]` is `[N, C, 1, L]` in memory, and the
/// weight is `[out, in / groups, 1, kernel]`.
public final class Conv1D: Layer {
    /// How the sequence is padded with zeros at both ends.
    public enum Padding: Sendable, Equatable {
        /// No padding.
        case valid
        /// Output length = input length (stride 1 only); an even kernel pads one more at the end,
        /// as PyTorch does.
        case same
        /// `count` zeros at each end (PyTorch's `padding=count`).
        case explicit(Int)
    }

    public var inChannels: Int { plane.inChannels }
    public var outChannels: Int { plane.outChannels }
    public var kernel: Int { plane.kernel.width }
    public var stride: Int { plane.stride.width }
    public let padding: Padding
    public var groups: Int { plane.groups }
    /// `[outChannels, inChannels / groups, kernel]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil for `bias: false`.
    public let bias: Parameter?
    /// The same convolution in 2-D, sharing `weight` and `bias`; it holds the channels, kernel,
    /// stride and groups.
    private let plane: Conv2D

    /// - Parameters:
    ///   - inChannels: C of the `[N, C, L]` input; divisible by `groups`.
    ///   - outChannels: channels of the output; divisible by `groups`.
    ///   - kernel: taps along L (≥ 1).
    ///   - stride: default 1.
    ///   - padding: `.valid` (default), `.same` (stride 1 only) or `.explicit(count)`.
    ///   - groups: default 1; `groups == inChannels` makes a depthwise convolution.
    ///   - bias: whether the layer has a bias (default true).
    ///   - random: where the initial weights (then bias) are drawn from.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Padding = .valid,
        groups: Int = 1, bias: Bool = true, random: inout SeededRandom
    ) {
        let padding2D: Conv2D.Padding
        switch padding {
        case .valid: padding2D = .valid
        case .same: padding2D = .same
        case .explicit(let count): padding2D = .explicit(height: 0, width: count)
        }
        // Draw through Conv2D so the checks and the draws are the same as for a (1, k) kernel.
        let drawn = Conv2D(
            inChannels, outChannels, kernel: (1, kernel), stride: (1, stride), padding: padding2D,
            groups: groups, bias: bias, random: &random)
        self.padding = padding
        weight = Parameter(drawn.weight.value.reshaped([outChannels, inChannels / groups, kernel]))
        self.bias = drawn.bias
        plane = Conv2D(
            inChannels, outChannels, kernel: (1, kernel), stride: (1, stride), padding: padding2D,
            groups: groups, weight: weight, bias: self.bias)
    }

    public var kind: String {
        var text = "Conv1d(\(inChannels), \(outChannels), kernel \(kernel), stride \(stride)"
        switch padding {
        case .valid: break
        case .same: text += ", padding same"
        case .explicit(let count): text += ", padding \(count)"
        }
        if groups != 1 { text += ", groups \(groups)" }
        if bias == nil { text += ", no bias" }
        return text + ")"
    }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 3 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, L] (3 dimensions), got \(input.count)")
        }
        guard input[1] == inChannels else {
            throw ShapeError(kind: kind, input: input, reason: "expects \(inChannels) input channels, got \(input[1])")
        }
        let pad = plane.padAmounts
        let length = input[2] + pad.left + pad.right
        guard length >= kernel else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "padded length \(length) is shorter than the kernel \(kernel)")
        }
        return [input[0], outChannels, (length - kernel) / stride + 1]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let shape: [Int]
        do {
            shape = try outputShape(for: x.shape)
        } catch {
            preconditionFailure(error.description)
        }
        return plane.forward(x.reshaped([x.shape[0], x.shape[1], 1, x.shape[2]]), context).reshaped(shape)
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        precondition(dy.shape.count == 3, "\(kind): gradient \(dy.shape.shapeDescription) is not [N, C, L]")
        let dx = plane.backward(
            dy.reshaped([dy.shape[0], dy.shape[1], 1, dy.shape[2]]), context,
            needsInputGradient: needsInputGradient)
        return dx.map { $0.reshaped([$0.shape[0], $0.shape[1], $0.shape[3]]) }
    }
}
