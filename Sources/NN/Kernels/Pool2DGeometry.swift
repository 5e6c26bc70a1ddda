/// The geometry of a 2-D pooling window over one `[H, W]` plane, as PyTorch's `nn.MaxPool2d` and
/// `nn.AvgPool2d` define it with `ceil_mode=False` and `dilation=1`.
///
/// The input is padded by `padding` on each side (top and bottom by `padding.height`, left and
/// right by `padding.width`); windows of `kernel` start every `stride`, and only whole windows
/// count: `OH = ⌊(H + 2·ph − kh) / sh⌋ + 1`, `OW = ⌊(W + 2·pw − kw) / sw⌋ + 1`.
public struct Pool2DGeometry: Sendable, Equatable {
    public var kernel: (height: Int, width: Int)
    public var stride: (height: Int, width: Int)
    public var padding: (height: Int, width: Int)
    /// The input plane, `H × W`.
    public var input: (height: Int, width: Int)
    /// The output plane, `OH × OW`.
    public var output: (height: Int, width: Int)

    /// Checks that the window fits the padded input and computes the output plane.
    ///
    /// - Throws: `ShapeError` (with `kind` and `shape` for context) when the kernel is larger than
    ///   the padded input, naming both shapes.
    public init(
        kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), input: (Int, Int),
        kind: String, shape: [Int]
    ) throws(ShapeError) {
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.input = input
        let paddedHeight = input.0 + 2 * padding.0
        let paddedWidth = input.1 + 2 * padding.1
        guard kernel.0 <= paddedHeight, kernel.1 <= paddedWidth else {
            let padded = padding == (0, 0) ? "" : " (padded to \(paddedHeight) × \(paddedWidth))"
            throw ShapeError(
                kind: kind, input: shape,
                reason: "kernel \(kernel.0) × \(kernel.1) is larger than the input plane "
                    + "\(input.0) × \(input.1)\(padded) (height × width)")
        }
        output = ((paddedHeight - kernel.0) / stride.0 + 1, (paddedWidth - kernel.1) / stride.1 + 1)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding && a.input == b.input
    }

    var inputCount: Int { input.height * input.width }
    var outputCount: Int { output.height * output.width }

    /// The input rows under output row `i`'s window, clipped to the plane (padding rows add
    /// nothing to a sum and are never a maximum). Never empty: without `ceil_mode` every window
    /// starts inside the padded plane and padding is at most half the kernel.
    @inline(__always)
    func rows(_ i: Int) -> Range<Int> {
        let start = i * stride.height - padding.height
        return max(start, 0)..<min(start + kernel.height, input.height)
    }

    /// The input columns under output column `j`'s window, clipped to the plane, as `rows`.
    @inline(__always)
    func columns(_ j: Int) -> Range<Int> {
        let start = j * stride.width - padding.width
        return max(start, 0)..<min(start + kernel.width, input.width)
    }

    /// For the naive references: every kernel position of output `(i, j)`'s window that falls
    /// inside the input plane, `(ih, iw)` in row-major window order, found by bounds-checking
    /// each position (independently of `rows` and `columns`, which the fast paths use).
    func naiveWindow(_ i: Int, _ j: Int) -> [(ih: Int, iw: Int)] {
        var inside = [(ih: Int, iw: Int)]()
        for a in 0..<kernel.height {
            for b in 0..<kernel.width {
                let ih = i * stride.height - padding.height + a
                let iw = j * stride.width - padding.width + b
                guard ih >= 0, ih < input.height, iw >= 0, iw < input.width else { continue }
                inside.append((ih, iw))
            }
        }
        return inside
    }
}

/// `(2, 4)` as PyTorch prints a pair.
func pairDescription(_ pair: (Int, Int)) -> String { "(\(pair.0), \(pair.1))" }

/// What `MaxPool2D` and `AvgPool2D` are made with (kernel, stride, padding), checked as PyTorch
/// checks them, and how either turns an input shape `[N, C, H, W]` into a `Pool2DGeometry`.
/// The two layers differ only in their kernels, so they keep this in one place.
struct Pool2DSettings: Sendable {
    /// PyTorch's class name, for messages: `MaxPool2d`, `AvgPool2d`.
    let name: String
    let kernel: (height: Int, width: Int)
    let stride: (height: Int, width: Int)
    let padding: (height: Int, width: Int)

    /// - Parameters:
    ///   - kernel: `(kh, kw)`, each at least 1.
    ///   - stride: `(sh, sw)`; nil means the kernel, as `stride=None` in PyTorch.
    ///   - padding: `(ph, pw)` added on both sides, each at most half the kernel (PyTorch's rule).
    init(name: String, kernel: (Int, Int), stride: (Int, Int)?, padding: (Int, Int)) {
        let stride = stride ?? kernel
        precondition(kernel.0 >= 1 && kernel.1 >= 1, "\(name) kernel \(kernel) must be positive")
        precondition(stride.0 >= 1 && stride.1 >= 1, "\(name) stride \(stride) must be positive")
        precondition(
            padding.0 >= 0 && padding.1 >= 0 && 2 * padding.0 <= kernel.0 && 2 * padding.1 <= kernel.1,
            "\(name) padding \(padding) must be between 0 and half the kernel \(kernel)")
        self.name = name
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// `MaxPool2d(kernel (2, 4), stride (2, 4))`, with `, padding (1, 1)` when there is padding.
    var kind: String {
        let pad = padding == (0, 0) ? "" : ", padding \(pairDescription(padding))"
        return "\(name)(kernel \(pairDescription(kernel)), stride \(pairDescription(stride))\(pad))"
    }

    /// The window over an input `[N, C, H, W]`, or why the input does not fit.
    func geometry(for input: [Int]) throws(ShapeError) -> Pool2DGeometry {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        return try Pool2DGeometry(
            kernel: kernel, stride: stride, padding: padding, input: (input[2], input[3]),
            kind: kind, shape: input)
    }

    /// `[N, C, OH, OW]`.
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        let g = try geometry(for: input)
        return [input[0], input[1], g.output.height, g.output.width]
    }

    /// The geometry in `forward`, where an input `outputShape(for:)` rejects is a programming error.
    func forwardGeometry(for input: [Int]) -> Pool2DGeometry {
        do { return try geometry(for: input) } catch { preconditionFailure("\(error)") }
    }
}
