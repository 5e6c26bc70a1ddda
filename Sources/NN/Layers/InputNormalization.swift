/// `(x − mean) / std` on `[N, C, H, W]` spectrograms, with one mean and std for everything or
/// one per band (per row H, the mel band), as the dataset card's normalisation gives them.
///
/// Buffers (not trainable, saved in checkpoints): `mean` and `std`, of shape `[]` when global or
/// `[1, H, 1]` per band, so that a PyTorch module registering the same buffers computes
/// `(x - self.mean) / self.std` by broadcasting and loads the same `state_dict`. Backward is
/// dL/dy / std. The division is a true division, as PyTorch's, so results match it bit for bit.
public final class InputNormalization: Layer {
    public let mean: Parameter
    public let std: Parameter
    /// Per-band statistics (`[1, H, 1]`) rather than global (`[]`).
    public var perBand: Bool { mean.value.shape.count == 3 }
    private var inputShape = [Int]()

    /// Global normalisation by one mean and one standard deviation.
    public init(mean: Float, std: Float) {
        precondition(std > 0, "InputNormalization std \(std) must be positive")
        self.mean = Parameter(Tensor(shape: [], values: [mean]), role: .buffer)
        self.std = Parameter(Tensor(shape: [], values: [std]), role: .buffer)
    }

    /// Per-band normalisation: `means[h]` and `stds[h]` for row h of every `[H, W]` plane.
    public init(bandMeans: [Float], bandStds: [Float]) {
        precondition(
            !bandMeans.isEmpty && bandMeans.count == bandStds.count,
            "InputNormalization needs as many band means (\(bandMeans.count)) as stds (\(bandStds.count))")
        precondition(bandStds.allSatisfy { $0 > 0 }, "InputNormalization band stds must be positive")
        mean = Parameter(Tensor(shape: [1, bandMeans.count, 1], values: bandMeans), role: .buffer)
        std = Parameter(Tensor(shape: [1, bandStds.count, 1], values: bandStds), role: .buffer)
    }

    public var kind: String { perBand ? "InputNormalization(\(mean.value.count) bands)" : "InputNormalization()" }

    public var ownParameters: [(name: String, parameter: Parameter)] { [("mean", mean), ("std", std)] }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 4 else {
            throw ShapeError(kind: kind, input: input, reason: "expects [N, C, H, W], got rank \(input.count)")
        }
        if perBand, input[2] != mean.value.count {
            throw ShapeError(
                kind: kind, input: input,
                reason: "has statistics for \(mean.value.count) bands but the input has H = \(input[2])")
        }
        return input
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        inputShape = x.shape
        let rows = x.shape[0] * x.shape[1] * x.shape[2], (h, w) = (x.shape[2], x.shape[3])
        let bands = mean.value.count
        return Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                mean.value.values.withUnsafeBufferPointer { m in
                    std.value.values.withUnsafeBufferPointer { s in
                        let xp = xb.baseAddress!, yp = y.baseAddress!
                        Parallel.forEach(rows, threads: rows >= 4096 ? context.threads : 1) { r in
                            let band = bands == 1 ? 0 : r % h
                            let mu = m[band], sigma = s[band]
                            for j in (r * w)..<(r * w + w) { yp[j] = (xp[j] - mu) / sigma }
                        }
                    }
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(dy.shape == inputShape, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        let rows = inputShape[0] * inputShape[1] * inputShape[2], (h, w) = (inputShape[2], inputShape[3])
        let bands = std.value.count
        return Tensor.filling(dy.shape) { dx in
            dy.values.withUnsafeBufferPointer { db in
                std.value.values.withUnsafeBufferPointer { s in
                    for r in 0..<rows {
                        let sigma = s[bands == 1 ? 0 : r % h]
                        for j in (r * w)..<(r * w + w) { dx[j] = db[j] / sigma }
                    }
                }
            }
        }
    }
}
