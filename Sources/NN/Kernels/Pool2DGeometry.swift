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
}

/// `(2, 4)` as PyTorch prints a pair.
func pairDescription(_ pair: (Int, Int)) -> String { "(\(pair.0), \(pair.1))" }
