/// `nn.MaxPool2d(kernel_size, stride=None, padding=0)` with `ceil_mode=False` and `dilation=1`.
///
/// Input `[N, C, H, W]`, output `[N, C, OH, OW]` with `OH = ⌊(H + 2·ph − kh) / sh⌋ + 1` and
/// `OW = ⌊(W + 2·pw − kw) / sw⌋ + 1`. Kernels and strides may differ between height and width
/// (`(2, 4)`, `(40, 1)`, `(1, 80)`); the stride defaults to the kernel, as in PyTorch. Padding is
/// symmetric (the same on both sides of an axis), at most half the kernel, and never chosen.
/// Backward sends each dL/dy to the first maximum of its window in row-major order, as PyTorch
/// does on ties. No parameters.
public final class MaxPool2D: Layer {
    private let settings: Pool2DSettings
    public var kernel: (height: Int, width: Int) { settings.kernel }
    public var stride: (height: Int, width: Int) { settings.stride }
    public var padding: (height: Int, width: Int) { settings.padding }

    /// For backward: the argmax of every output in the last forward, `[N, C, OH, OW]`, and the
    /// geometry it was computed with. Kept across steps so the buffer is allocated once.
    private var argmax = [Int32]()
    private var geometry: Pool2DGeometry?
    private var inputShape = [Int]()

    /// - Parameters:
    ///   - kernel: `(kh, kw)`, each at least 1.
    ///   - stride: `(sh, sw)`; nil means the kernel, as `stride=None` in PyTorch.
    ///   - padding: `(ph, pw)` added on both sides, each at most half the kernel (PyTorch's rule).
    public init(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        settings = Pool2DSettings(name: "MaxPool2d", kernel: kernel, stride: stride, padding: padding)
    }

    public var kind: String { settings.kind }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        try settings.outputShape(for: input)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let g = settings.forwardGeometry(for: x.shape)
        let planes = x.shape[0] * x.shape[1]
        let outCount = planes * g.outputCount
        if argmax.count != outCount { argmax = [Int32](repeating: 0, count: outCount) }
        geometry = g
        inputShape = x.shape
        return Tensor.filling([x.shape[0], x.shape[1], g.output.height, g.output.width]) { y in
            x.values.withUnsafeBufferPointer { xb in
                argmax.withUnsafeMutableBufferPointer { ab in
                    MaxPool2DKernels.forward(
                        x: xb.baseAddress!, y: y.baseAddress!, argmax: ab.baseAddress!,
                        planes: planes, geometry: g, threads: context.threads)
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard let g = geometry else { preconditionFailure("\(kind): backward before forward") }
        precondition(dy.count == argmax.count, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        let planes = inputShape[0] * inputShape[1]
        return Tensor.filling(inputShape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                argmax.withUnsafeBufferPointer { ab in
                    MaxPool2DKernels.backward(
                        dy: dyb.baseAddress!, argmax: ab.baseAddress!, dx: dx.baseAddress!,
                        planes: planes, geometry: g, threads: context.threads)
                }
            }
        }
    }
}
