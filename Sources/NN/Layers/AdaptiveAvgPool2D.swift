/// `nn.AdaptiveAvgPool2d((oh, ow))`: average pooling to a fixed output plane whatever the input's.
///
/// Input `[N, C, H, W]`, output `[N, C, OH, OW]`. Output element (i, j) averages input rows
/// `⌊i·H/OH⌋ ..< ⌈(i+1)·H/OH⌉` and columns `⌊j·W/OW⌋ ..< ⌈(j+1)·W/OW⌉` (PyTorch's windows; see
/// `AdaptiveAvgPool2DKernels`). An output larger than the input repeats input elements:
/// torchvision's AlexNet and VGG heads (`(6, 6)`, `(7, 7)`) on 128 × 128 inputs pool 3 × 3 and
/// 4 × 4 maps. No parameters. For a 1 × 1 output, `GlobalAveragePool` is the same average.
public final class AdaptiveAvgPool2D: Layer {
    public let output: (height: Int, width: Int)
    private var inputShape = [Int]()

    /// - Parameter output: `(OH, OW)`, each at least 1.
    public init(output: (Int, Int)) {
        precondition(output.0 >= 1 && output.1 >= 1, "AdaptiveAvgPool2d output size \(output) must be positive")
        self.output = output
    }

    /// A square output, as `nn.AdaptiveAvgPool2d(s)`.
    public convenience init(_ size: Int) {
        self.init(output: (size, size))
    }

    public var kind: String { "AdaptiveAvgPool2d(output_size=(\(output.height), \(output.width)))" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        guard input[2] >= 1, input[3] >= 1 else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "needs a non-empty input plane, got "
                    + "\(input[2]) × \(input[3]) (height × width)")
        }
        return [input[0], input[1], output.height, output.width]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let shape: [Int]
        do { shape = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        inputShape = x.shape
        return Tensor.filling(shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                AdaptiveAvgPool2DKernels.forward(
                    x: xb.baseAddress!, y: y.baseAddress!, planes: x.shape[0] * x.shape[1],
                    input: (x.shape[2], x.shape[3]), output: output,
                    threads: context.threads)
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(!inputShape.isEmpty, "\(kind): backward before forward")
        let planes = inputShape[0] * inputShape[1]
        precondition(
            dy.count == planes * output.height * output.width,
            "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(inputShape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                AdaptiveAvgPool2DKernels.backward(
                    dy: dyb.baseAddress!, dx: dx.baseAddress!, planes: planes,
                    input: (inputShape[2], inputShape[3]), output: output,
                    threads: context.threads)
            }
        }
    }
}
