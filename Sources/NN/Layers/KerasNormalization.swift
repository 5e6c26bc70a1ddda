/// Keras-style input normalisation with a trainable per-channel affine:
/// `y = (x − mean) / max(√variance, 1e-7) · weight + bias`, as study 001's 2-D model (TensorFlow's
/// `simple_audio`) has it and `scripts/bench/torch_train.py`'s `InputNormalization` writes it.
///
/// Input and output `[N, C, H, W]`. Tensors, in `state_dict` order (parameters before buffers, as
/// PyTorch saves a module): `weight` `[C]` (ones) and `bias` `[C]` (zeros), trainable; `mean` `[C]`
/// (zeros) and `variance` `[C]` (ones), buffers that keep those values in melshard (the loader
/// already standardises inputs with the card's statistics) and travel in checkpoints so that
/// weights trained with Keras-style statistics in PyTorch load unchanged. Study
/// 001's table gives this layer 4 parameters, 2 of them non-trainable: the 1-channel case here.
/// The √variance clamp at 1e-7 is Keras's. Unlike `InputNormalization` (the dataset card's fixed
/// `(x − mean) / std`), the affine terms train, so the layer has parameter gradients:
/// dweight[c] = Σ dy · (x − mean) / s, dbias[c] = Σ dy, dx = dy · weight / s, with s the clamped √variance.
public final class KerasNormalization: Layer {
    public let channels: Int
    public let weight: Parameter
    public let bias: Parameter
    public let mean: Parameter
    public let variance: Parameter
    private var input = Tensor(shape: [0])

    public init(channels: Int = 1) {
        precondition(channels >= 1, "KerasNormalization needs at least one channel")
        self.channels = channels
        weight = Parameter(Tensor(shape: [channels], repeating: 1))
        bias = Parameter(Tensor(shape: [channels]))
        mean = Parameter(Tensor(shape: [channels]), role: .buffer)
        variance = Parameter(Tensor(shape: [channels], repeating: 1), role: .buffer)
    }

    public var kind: String { "KerasNormalization(\(channels))" }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight), ("bias", bias), ("mean", mean), ("variance", variance)]
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        guard input[1] == channels else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "has statistics for \(channels) channels, got \(input[1])")
        }
        return input
    }

    /// The clamped √variance of channel c, in float32 as PyTorch computes it.
    private func deviation(_ c: Int) -> Float { max(variance.value.values[c].squareRoot(), 1e-7) }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        input = x
        let plane = x.shape[2] * x.shape[3], planes = x.shape[0] * channels
        let scale = (0..<channels).map { weight.value.values[$0] / deviation($0) }
        let shift = bias.value.values, mu = mean.value.values
        return Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                for p in 0..<planes {
                    let c = p % channels
                    let (m, s, b) = (mu[c], scale[c], shift[c])
                    for i in (p * plane)..<(p * plane + plane) { y[i] = (xb[i] - m) * s + b }
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        precondition(dy.shape == input.shape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        let plane = input.shape[2] * input.shape[3], planes = input.shape[0] * channels
        var sumDY = [Double](repeating: 0, count: channels), sumDYX = [Double](repeating: 0, count: channels)
        dy.values.withUnsafeBufferPointer { db in
            input.values.withUnsafeBufferPointer { xb in
                for p in 0..<planes {
                    let c = p % channels, m = mean.value.values[c]
                    var s = 0.0, sx = 0.0
                    for i in (p * plane)..<(p * plane + plane) {
                        s += Double(db[i])
                        sx += Double(db[i]) * Double(xb[i] - m)
                    }
                    sumDY[c] += s
                    sumDYX[c] += sx
                }
            }
        }
        for c in 0..<channels {
            weight.gradient.values[c] += Float(sumDYX[c] / Double(deviation(c)))
            bias.gradient.values[c] += Float(sumDY[c])
        }
        guard needsInputGradient else { return nil }
        let scale = (0..<channels).map { weight.value.values[$0] / deviation($0) }
        return Tensor.filling(dy.shape) { dx in
            dy.values.withUnsafeBufferPointer { db in
                for p in 0..<planes {
                    let s = scale[p % channels]
                    for i in (p * plane)..<(p * plane + plane) { dx[i] = db[i] * s }
                }
            }
        }
    }
}
