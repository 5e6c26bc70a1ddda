/// `F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)` as a layer
/// (`nn.Upsample(size=…, mode="bilinear")`): `[N, C, H, W]` → `[N, C, height, width]`, up or
/// down, without antialiasing (PyTorch's default), for networks that resize inside the model (as
/// study 001's TensorFlow model does; melshard's `lu-2d` gets 32 × 32 clips from the build's
/// `resize` instead, so no study network here uses the layer). See `BilinearKernels` for the
/// sampling positions. No parameters.
public final class BilinearResize: Layer {
    public let height: Int
    public let width: Int
    private var inputShape = [Int]()
    /// Sampling tables for the last input size, rebuilt only when it changes.
    private var rows: BilinearTable?
    private var columns: BilinearTable?

    public init(height: Int, width: Int) {
        precondition(height >= 1 && width >= 1, "BilinearResize to \(height) × \(width) needs a positive size")
        self.height = height
        self.width = width
    }

    public var kind: String { "Upsample(size=(\(height), \(width)), mode='bilinear')" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        guard input[2] >= 1, input[3] >= 1 else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "cannot resize an empty \(input[2]) × \(input[3]) plane")
        }
        return [input[0], input[1], height, width]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let shape: [Int]
        do { shape = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        if inputShape.count != 4 || inputShape[2] != x.shape[2] || rows == nil {
            rows = BilinearTable(input: x.shape[2], output: height)
        }
        if inputShape.count != 4 || inputShape[3] != x.shape[3] || columns == nil {
            columns = BilinearTable(input: x.shape[3], output: width)
        }
        inputShape = x.shape
        let (rows, columns) = (rows!, columns!)
        return Tensor.filling(shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                BilinearKernels.forward(
                    x: xb.baseAddress!, y: y.baseAddress!, planes: x.shape[0] * x.shape[1],
                    input: (x.shape[2], x.shape[3]), rows: rows, columns: columns,
                    threads: context.threads)
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard let rows, let columns else { preconditionFailure("\(kind): backward before forward") }
        let planes = inputShape[0] * inputShape[1]
        precondition(
            dy.count == planes * height * width,
            "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(inputShape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                BilinearKernels.backward(
                    dy: dyb.baseAddress!, dx: dx.baseAddress!, planes: planes,
                    input: (inputShape[2], inputShape[3]), rows: rows, columns: columns,
                    threads: context.threads)
            }
        }
    }
}
