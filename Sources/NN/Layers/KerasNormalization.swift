/// Keras-style input normalisation, `y = (x − mean) / max(√variance, 1e-7)`, in the two forms
/// study 001's supplementary tables count: with a trainable per-channel affine (`· weight + bias`,
/// the 2-D model's Table 2) or as Keras's `Normalization` layer itself holds it after `adapt()`
/// (statistics and their sample count only, the grouped 1-D model's Table 3).
///
/// Input and output `[N, C, H, W]`. Tensors, in `state_dict` order (parameters before buffers, as
/// PyTorch saves a module), for `Form.affine`: `weight` `[C]` (ones) and `bias` `[C]` (zeros),
/// trainable; `mean` `[C]` (zeros) and `variance` `[C]` (ones), buffers. Table 2 gives this layer
/// 4 parameters, 2 of them non-trainable: the 1-channel case. For `Form.adapted`: `mean` `[C]`,
/// `variance` `[C]` and `count` `[]` (a scalar, zero), all buffers, Keras's own weights of the
/// layer in its order; Table 3 gives it 3 parameters, all non-trainable: the 1-channel case.
/// `count` is how many samples `adapt()` averaged; it never enters the forward pass and is kept
/// (as float32, so that it is one of the state_dict's floats the tables count) only so that the
/// layer's state and count are Keras's.
///
/// The statistics keep their initial values in melshard (the loader already standardises inputs
/// with the card's statistics) and travel in checkpoints, so that weights trained with
/// Keras-style statistics in PyTorch load unchanged (`scripts/bench/torch_train.py`'s
/// `InputNormalization`, `affine=True` or `False`). The √variance clamp at 1e-7 is Keras's.
/// Unlike `InputNormalization` (the dataset card's fixed `(x − mean) / std`), the affine form
/// trains: dweight[c] = Σ dy · (x − mean) / s, dbias[c] = Σ dy, dx = dy · weight / s, with s the
/// clamped √variance; the adapted form has no parameter gradients and dx = dy / s.
public final class KerasNormalization: Layer {
    /// Which tensors the layer holds.
    public enum Form: Sendable, Equatable {
        /// Trainable `weight` and `bias` after the statistics `mean` and `variance` (4 per channel).
        case affine
        /// Keras's `Normalization` after `adapt()`: `mean`, `variance` and the scalar `count`,
        /// none trainable (2 per channel + 1).
        case adapted
    }

    public let channels: Int
    public let form: Form
    /// `[C]`, trainable; nil in the adapted form (a scale of 1).
    public let weight: Parameter?
    /// `[C]`, trainable; nil in the adapted form (no shift).
    public let bias: Parameter?
    public let mean: Parameter
    public let variance: Parameter
    /// `[]`, the number of samples the statistics were adapted on; nil in the affine form.
    public let count: Parameter?
    private var input = Tensor(shape: [0])

    public init(channels: Int = 1, form: Form = .affine) {
        precondition(channels >= 1, "KerasNormalization needs at least one channel")
        self.channels = channels
        self.form = form
        let affine = form == .affine
        weight = affine ? Parameter(Tensor(shape: [channels], repeating: 1)) : nil
        bias = affine ? Parameter(Tensor(shape: [channels])) : nil
        mean = Parameter(Tensor(shape: [channels]), role: .buffer)
        variance = Parameter(Tensor(shape: [channels], repeating: 1), role: .buffer)
        count = affine ? nil : Parameter(Tensor(shape: []), role: .buffer)
    }

    public var kind: String { "KerasNormalization(\(channels)\(form == .adapted ? ", adapted" : ""))" }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        switch (weight, bias, count) {
        case (let weight?, let bias?, _):
            return [("weight", weight), ("bias", bias), ("mean", mean), ("variance", variance)]
        case (_, _, let count?):
            return [("mean", mean), ("variance", variance), ("count", count)]
        default:
            preconditionFailure("KerasNormalization holds either an affine or a count")
        }
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

    /// y = x · scale[c] + shift[c] after subtracting the mean: weight / s and bias, or 1 / s and 0.
    private var scale: [Float] { (0..<channels).map { (weight?.value.values[$0] ?? 1) / deviation($0) } }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        input = x
        let plane = x.shape[2] * x.shape[3], planes = x.shape[0] * channels
        let scale = self.scale
        let shift = bias?.value.values ?? [Float](repeating: 0, count: channels), mu = mean.value.values
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
        if let weight, let bias { accumulateAffineGradients(dy, weight: weight, bias: bias) }
        guard needsInputGradient else { return nil }
        let scale = self.scale
        return Tensor.filling(dy.shape) { dx in
            dy.values.withUnsafeBufferPointer { db in
                for p in 0..<planes {
                    let s = scale[p % channels]
                    for i in (p * plane)..<(p * plane + plane) { dx[i] = db[i] * s }
                }
            }
        }
    }

    /// Adds dL/dweight and dL/dbias for the last forward's input, summed per channel in float64.
    private func accumulateAffineGradients(_ dy: Tensor, weight: Parameter, bias: Parameter) {
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
    }
}
