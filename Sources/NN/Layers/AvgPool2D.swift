/// `nn.AvgPool2d(kernel_size, stride=None, padding=0)` with PyTorch's defaults
/// `ceil_mode=False` and `count_include_pad=True`.
///
/// Input `[N, C, H, W]`, output `[N, C, OH, OW]` with `OH = ⌊(H + 2·ph − kh) / sh⌋ + 1` and
/// `OW = ⌊(W + 2·pw − kw) / sw⌋ + 1`. The stride defaults to the kernel. Padding is symmetric,
/// at most half the kernel, and counts as zeros in the average (every window divides by
/// `kh · kw`). No parameters.
public final class AvgPool2D: Layer {
    private let settings: Pool2DSettings
    public var kernel: (height: Int, width: Int) { settings.kernel }
    public var stride: (height: Int, width: Int) { settings.stride }
    public var padding: (height: Int, width: Int) { settings.padding }

    private var geometry: Pool2DGeometry?
    private var inputShape = [Int]()

    /// - Parameters:
    ///   - kernel: `(kh, kw)`, each at least 1.
    ///   - stride: `(sh, sw)`; nil means the kernel, as `stride=None` in PyTorch.
    ///   - padding: `(ph, pw)` added on both sides, each at most half the kernel (PyTorch's rule).
    public init(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        settings = Pool2DSettings(name: "AvgPool2d", kernel: kernel, stride: stride, padding: padding)
    }

    public var kind: String { settings.kind }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        try settings.outputShape(for: input)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let g = settings.forwardGeometry(for: x.shape)
        geometry = g
        inputShape = x.shape
        let planes = x.shape[0] * x.shape[1]
        return Tensor.filling([x.shape[0], x.shape[1], g.output.height, g.output.width]) { y in
            x.values.withUnsafeBufferPointer { xb in
                AvgPool2DKernels.forward(
                    x: xb.baseAddress!, y: y.baseAddress!, planes: planes, geometry: g,
                    threads: context.threads)
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard let g = geometry else { preconditionFailure("\(kind): backward before forward") }
        let planes = inputShape[0] * inputShape[1]
        precondition(
            dy.count == planes * g.outputCount,
            "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(inputShape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                AvgPool2DKernels.backward(
                    dy: dyb.baseAddress!, dx: dx.baseAddress!, planes: planes, geometry: g,
                    threads: context.threads)
            }
        }
    }
}
