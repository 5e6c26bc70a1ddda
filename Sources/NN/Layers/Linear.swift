import BLAS
import MelshardCore

/// `nn.Linear(in_features, out_features, bias=True)`: y = x · Wᵀ + b.
///
/// Input `[N, in]`, output `[N, out]`. Tensors: `weight` `[out, in]` and `bias` `[out]`, both
/// initialised as PyTorch does, from U(−1/√in, 1/√in) (`Initialization`), drawn from the
/// `SeededRandom` given. One matrix product (`parallelGEMM`, split by the output's shape so the
/// result does not depend on the thread count) over the whole batch for the forward pass and one
/// each for dW and dx; `forwardNaive`/`backwardNaive` are the plain-loop references.
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Parameter
    public let bias: Parameter?
    private var input = Tensor(shape: [0])

    /// - Parameters:
    ///   - random: the generator the weights (then the bias) are drawn from, in row-major order.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, random: inout SeededRandom) {
        precondition(inFeatures >= 1 && outFeatures >= 1, "Linear(\(inFeatures), \(outFeatures)) needs positive sizes")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = Initialization.defaultBound(fanIn: inFeatures)
        weight = Parameter(
            Tensor(
                shape: [outFeatures, inFeatures],
                values: Initialization.uniform(
                    count: outFeatures * inFeatures, bound: bound,
                    random: &random)))
        self.bias =
            bias
            ? Parameter(
                Tensor(
                    shape: [outFeatures],
                    values: Initialization.uniform(count: outFeatures, bound: bound, random: &random)))
            : nil
    }

    public var kind: String {
        "Linear(in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias != nil ? "True" : "False"))"
    }

    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 2, input[1] == inFeatures else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "expects [N, \(inFeatures)]"
                    + (input.count > 2 ? "; add a Flatten before it if the input is an image" : ""))
        }
        return [input[0], outFeatures]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        do { _ = try outputShape(for: x.shape) } catch { preconditionFailure("\(error)") }
        input = x
        let n = x.shape[0], (i, o) = (inFeatures, outFeatures)
        return Tensor.filling([n, o]) { y in
            let yp = y.baseAddress!
            if let bias {
                bias.value.values.withUnsafeBufferPointer { b in
                    for row in 0..<n { (yp + row * o).update(from: b.baseAddress!, count: o) }
                }
            }
            x.values.withUnsafeBufferPointer { xb in
                weight.value.values.withUnsafeBufferPointer { wb in
                    parallelGEMM(
                        .none, .transposed, m: n, n: o, k: i, a: xb.baseAddress!, lda: i,
                        b: wb.baseAddress!, ldb: i, beta: bias == nil ? 0 : 1, c: yp, ldc: o,
                        threads: context.threads)
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        let n = input.shape[0], (i, o) = (inFeatures, outFeatures)
        precondition(dy.shape == [n, o], "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        dy.values.withUnsafeBufferPointer { dyb in
            // dW += dyᵀ · x: [out, N] · [N, in].
            input.values.withUnsafeBufferPointer { xb in
                weight.gradient.values.withUnsafeMutableBufferPointer { gw in
                    parallelGEMM(
                        .transposed, .none, m: o, n: i, k: n, a: dyb.baseAddress!, lda: o,
                        b: xb.baseAddress!, ldb: i, beta: 1, c: gw.baseAddress!, ldc: i,
                        threads: context.threads)
                }
            }
            // db += Σₙ dy, summed over the batch in order.
            if let bias {
                bias.gradient.values.withUnsafeMutableBufferPointer { gb in
                    for row in 0..<n {
                        let d = dyb.baseAddress! + row * o
                        for j in 0..<o { gb[j] += d[j] }
                    }
                }
            }
        }
        guard needsInputGradient else { return nil }
        // dx = dy · W: [N, out] · [out, in].
        return Tensor.filling([n, i]) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                weight.value.values.withUnsafeBufferPointer { wb in
                    parallelGEMM(
                        .none, .none, m: n, n: i, k: o, a: dyb.baseAddress!, lda: o,
                        b: wb.baseAddress!, ldb: i, c: dx.baseAddress!, ldc: i, threads: context.threads)
                }
            }
        }
    }

    // MARK: - References

    /// y = x · Wᵀ + b with plain loops in float64: `x` `[n, in]`, `weight` `[out, in]`,
    /// `bias` `[out]` or empty → `[n, out]`.
    public static func forwardNaive(
        x: [Float], n: Int, weight: [Float], bias: [Float], inFeatures: Int,
        outFeatures: Int
    ) -> [Float] {
        var y = [Float](repeating: 0, count: n * outFeatures)
        for r in 0..<n {
            for o in 0..<outFeatures {
                var s = bias.isEmpty ? 0 : Double(bias[o])
                for k in 0..<inFeatures { s += Double(x[r * inFeatures + k]) * Double(weight[o * inFeatures + k]) }
                y[r * outFeatures + o] = Float(s)
            }
        }
        return y
    }

    /// dx `[n, in]`, dW `[out, in]` and db `[out]` for dy `[n, out]`, with plain loops in float64.
    public static func backwardNaive(
        x: [Float], dy: [Float], n: Int, weight: [Float], inFeatures: Int,
        outFeatures: Int
    ) -> (dx: [Float], dWeight: [Float], dBias: [Float]) {
        var dx = [Float](repeating: 0, count: n * inFeatures)
        var dw = [Float](repeating: 0, count: outFeatures * inFeatures)
        var db = [Float](repeating: 0, count: outFeatures)
        for k in 0..<inFeatures {
            for r in 0..<n {
                var s = 0.0
                for o in 0..<outFeatures { s += Double(dy[r * outFeatures + o]) * Double(weight[o * inFeatures + k]) }
                dx[r * inFeatures + k] = Float(s)
            }
            for o in 0..<outFeatures {
                var s = 0.0
                for r in 0..<n { s += Double(dy[r * outFeatures + o]) * Double(x[r * inFeatures + k]) }
                dw[o * inFeatures + k] = Float(s)
            }
        }
        for o in 0..<outFeatures {
            db[o] = Float((0..<n).reduce(0.0) { $0 + Double(dy[$1 * outFeatures + o]) })
        }
        return (dx, dw, db)
    }
}
