/// Gradient clipping, as `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`, applied to
/// the `gradient` of every trainable parameter between `backward` and the optimiser's `step`.
public enum GradientClipping {
    /// Scales all gradients together so that their total L2 norm is at most `maxNorm`, and
    /// returns the norm they had (PyTorch's return value).
    ///
    /// The norm is √(Σ over parameters, in the order given, of Σ g²), accumulated in `Double`
    /// in a fixed order (see `totalNorm`), so it does not depend on threads. As PyTorch, the scale is
    /// `maxNorm / (norm + 1e-6)` in float32 and is applied only when it is below 1.
    ///
    /// Differs from PyTorch on a non-finite norm: PyTorch multiplies every gradient by NaN
    /// (unless `error_if_nonfinite`); this leaves the gradients alone and returns the NaN or
    /// infinity, so the trainer can stop with the step number while the weights are still good.
    ///
    /// - Parameters:
    ///   - parameters: `network.trainable` (buffers have no gradient and are skipped).
    ///   - maxNorm: the largest total norm allowed, > 0.
    /// - Returns: the total norm before clipping, as float32.
    @discardableResult
    public static func clipNorm(_ parameters: [NamedParameter], maxNorm: Float) -> Float {
        precondition(maxNorm > 0, "max norm \(maxNorm) must be positive")
        let trainable = parameters.filter { $0.parameter.role == .trainable }
        let norm = Float(totalNorm(trainable))
        guard norm.isFinite else { return norm }
        let scale = maxNorm / (norm + 1e-6)
        guard scale < 1 else { return norm }
        for p in trainable {
            p.parameter.gradient.values.withUnsafeMutableBufferPointer { g in
                for j in g.indices { g[j] *= scale }
            }
        }
        return norm
    }

    /// The total L2 norm of the gradients of `parameters`, in `Double`.
    ///
    /// The squares go into four running sums by element index mod 4 (four independent chains
    /// the CPU can overlap, instead of one add waiting on the last), which are added at the end:
    /// a fixed order, so the result never depends on threads or timing.
    public static func totalNorm(_ parameters: [NamedParameter]) -> Double {
        var sums = SIMD4<Double>()
        for p in parameters where p.parameter.role == .trainable {
            p.parameter.gradient.values.withUnsafeBufferPointer { g in
                let whole = g.count & ~3
                var j = 0
                while j < whole {
                    let x = SIMD4<Double>(Double(g[j]), Double(g[j + 1]), Double(g[j + 2]), Double(g[j + 3]))
                    sums += x * x
                    j += 4
                }
                for k in whole..<g.count { sums[k - whole] += Double(g[k]) * Double(g[k]) }
            }
        }
        return ((sums[0] + sums[1]) + (sums[2] + sums[3])).squareRoot()
    }

    /// Clamps every gradient element to [−limit, limit], as `clip_grad_value_`. NaN stays NaN.
    public static func clipValue(_ parameters: [NamedParameter], limit: Float) {
        precondition(limit > 0, "clip value \(limit) must be positive")
        for p in parameters where p.parameter.role == .trainable {
            p.parameter.gradient.values.withUnsafeMutableBufferPointer { g in
                for j in g.indices {
                    if g[j] > limit { g[j] = limit } else if g[j] < -limit { g[j] = -limit }
                }
            }
        }
    }
}
