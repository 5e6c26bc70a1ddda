import MelshardCore

/// `nn.Dropout(p)`: in training mode each element is zeroed with probability p and the others
/// are scaled by 1 / (1 − p), so the expected output equals the input; in evaluation mode (or
/// with `ForwardContext.dropout` off), the identity. Any shape. No parameters.
///
/// The mask comes from `context.nextRandom()`: its first draw seeds one `SeededRandom` per
/// 64 Ki-element chunk, which gives one 32-bit half of a draw per element in row-major order (an
/// element is dropped when its half is below p · 2³²). So the mask is a pure function of the
/// run's seed, the step and this layer's place among the layers that draw: the same after a
/// resume, on any machine and with any thread count. PyTorch's masks come from its
/// own generator and cannot be reproduced; only the distribution is the same.
/// Backward multiplies dy by the same mask.
public final class Dropout: Layer {
    public let p: Float
    /// 0 or 1 / (1 − p) per element of the last training forward; reused across steps.
    private var mask = [Float]()
    private var trainingForward = false

    public init(p: Float = 0.5) {
        precondition(p >= 0 && p <= 1, "Dropout probability \(p) must be between 0 and 1")
        self.p = p
    }

    public var kind: String { "Dropout(p=\(p))" }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        trainingForward = context.training && context.dropout
        guard trainingForward else { return x }
        // One draw from this layer's generator seeds a generator per 64 Ki-element chunk (stream =
        // the chunk's first index), so chunks fill in parallel and the mask still depends only on
        // the seed, the step and the layer's place, never on the thread count.
        var random = context.nextRandom()
        let chunkSeed = random.next()
        if mask.count != x.count { mask = [Float](repeating: 0, count: x.count) }
        let threshold = UInt64((Double(p) * 0x1p32).rounded())
        let keep: Float = p < 1 ? 1 / (1 - p) : 0
        // Branch-free: with p = 0.5 a branch per element mispredicts half the time. For a 32-bit
        // half u, (u − threshold) wraps to a value with its top bit set exactly when u < threshold.
        let keepBits = UInt64(keep.bitPattern)
        @inline(__always) func element(_ u: UInt64) -> Float {
            let dropped = (u &- threshold) >> 63
            return Float(bitPattern: UInt32(truncatingIfNeeded: keepBits & (dropped &- 1)))
        }
        return Tensor.filling(x.shape) { y in
            x.values.withUnsafeBufferPointer { xb in
                mask.withUnsafeMutableBufferPointer { mb in
                    let xp = xb.baseAddress!, m = mb.baseAddress!, yp = y.baseAddress!
                    forEachChunk(x.count, threads: context.threads) { range in
                        var generator = SeededRandom(seed: chunkSeed, stream: UInt64(range.lowerBound))
                        var i = range.lowerBound
                        while i + 2 <= range.upperBound {
                            let r = generator.next()
                            m[i] = element(r & 0xFFFF_FFFF)
                            m[i + 1] = element(r >> 32)
                            i += 2
                        }
                        if i < range.upperBound { m[i] = element(generator.next() & 0xFFFF_FFFF) }
                        map8(range, xp, m, yp, { $0 * $1 }, { $0 * $1 })
                    }
                }
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard trainingForward else { return dy }
        precondition(dy.count == mask.count, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        return Tensor.filling(dy.shape) { dx in
            dy.values.withUnsafeBufferPointer { dyb in
                mask.withUnsafeBufferPointer { mb in
                    let dyp = dyb.baseAddress!, mp = mb.baseAddress!, dxp = dx.baseAddress!
                    map8(0..<dy.count, dyp, mp, dxp, { $0 * $1 }, { $0 * $1 })
                }
            }
        }
    }
}
