/// Bilinear resampling of `planes` independent `[H, W]` planes to `[OH, OW]`, forward and
/// backward, as PyTorch's `F.interpolate(x, size=(OH, OW), mode="bilinear",
/// align_corners=False)` (no antialiasing, also when shrinking, as PyTorch's default).
///
/// For each output row i, the source coordinate is `src = (H / OH) · (i + 0.5) − 0.5`, clamped
/// at 0, in float32 as PyTorch computes it; it reads rows `h0 = ⌊src⌋` and `h0 + 1` (or `h0`
/// again on the last row) with weights `1 − λ` and `λ = src − h0`. Columns likewise. The
/// backward pass adds each dL/dy into the same four inputs with the same weights.
public struct BilinearTable: Sendable {
    /// Per output index along one axis: the first source index, the step to the second (0 or 1),
    /// and the two weights.
    public var index: [Int]
    public var offset: [Int]
    public var lambda0: [Float]
    public var lambda1: [Float]

    public init(input: Int, output: Int) {
        let scale = Float(input) / Float(output)
        index = []; offset = []; lambda0 = []; lambda1 = []
        for i in 0..<output {
            let source = max(scale * (Float(i) + 0.5) - 0.5, 0)
            let i0 = Int(source)
            let l1 = min(max(source - Float(i0), 0), 1)
            index.append(i0)
            offset.append(i0 < input - 1 ? 1 : 0)
            lambda1.append(l1)
            lambda0.append(1 - l1)
        }
    }

    /// The four arrays as raw buffers, for the kernels' inner loops.
    struct Pointers {
        let index: UnsafeBufferPointer<Int>
        let offset: UnsafeBufferPointer<Int>
        let lambda0: UnsafeBufferPointer<Float>
        let lambda1: UnsafeBufferPointer<Float>
    }

    /// Runs `body` with the table's arrays open as raw buffers.
    func withPointers(_ body: (Pointers) -> Void) {
        index.withUnsafeBufferPointer { index in
            offset.withUnsafeBufferPointer { offset in
                lambda0.withUnsafeBufferPointer { lambda0 in
                    lambda1.withUnsafeBufferPointer { lambda1 in
                        body(Pointers(index: index, offset: offset, lambda0: lambda0, lambda1: lambda1))
                    }
                }
            }
        }
    }
}

public enum BilinearKernels {
    /// Runs `body(plane, rows, columns)` for every plane in parallel, with both tables open as raw
    /// buffers.
    @inline(__always)
    private static func forEachPlane(
        planes: Int, rows: BilinearTable, columns: BilinearTable, threads: Int,
        _ body: (Int, BilinearTable.Pointers, BilinearTable.Pointers) -> Void
    ) {
        rows.withPointers { r in
            columns.withPointers { c in
                Parallel.forEach(planes, threads: threads) { plane in body(plane, r, c) }
            }
        }
    }

    /// `x` `[planes, H, W]` → `y` `[planes, OH, OW]` with precomputed tables, planes in parallel.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int, input: (Int, Int),
        rows: BilinearTable, columns: BilinearTable, threads: Int
    ) {
        let (h, w) = input
        let oh = rows.index.count, ow = columns.index.count
        forEachPlane(planes: planes, rows: rows, columns: columns, threads: threads) { plane, r, c in
            let xp = x + plane * h * w
            let yp = y + plane * oh * ow
            for i in 0..<oh {
                let r0 = xp + r.index[i] * w, r1 = r0 + r.offset[i] * w
                let a0 = r.lambda0[i], a1 = r.lambda1[i]
                let out = yp + i * ow
                for j in 0..<ow {
                    let c0 = c.index[j], c1 = c0 + c.offset[j]
                    out[j] =
                        a0 * (c.lambda0[j] * r0[c0] + c.lambda1[j] * r0[c1])
                        + a1 * (c.lambda0[j] * r1[c0] + c.lambda1[j] * r1[c1])
                }
            }
        }
    }

    /// dL/dy `[planes, OH, OW]` → dL/dx `[planes, H, W]` (overwritten): each dy is added into its
    /// four sources, in output order within a plane, so sums do not depend on `threads`.
    public static func backward(
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, planes: Int, input: (Int, Int),
        rows: BilinearTable, columns: BilinearTable, threads: Int
    ) {
        let (h, w) = input
        let oh = rows.index.count, ow = columns.index.count
        forEachPlane(planes: planes, rows: rows, columns: columns, threads: threads) { plane, r, c in
            let dxp = dx + plane * h * w
            dxp.update(repeating: 0, count: h * w)
            let dyp = dy + plane * oh * ow
            for i in 0..<oh {
                let r0 = dxp + r.index[i] * w, r1 = r0 + r.offset[i] * w
                let a0 = r.lambda0[i], a1 = r.lambda1[i]
                let g = dyp + i * ow
                for j in 0..<ow {
                    let c0 = c.index[j], c1 = c0 + c.offset[j]
                    r0[c0] += a0 * c.lambda0[j] * g[j]
                    r0[c1] += a0 * c.lambda1[j] * g[j]
                    r1[c0] += a1 * c.lambda0[j] * g[j]
                    r1[c1] += a1 * c.lambda1[j] * g[j]
                }
            }
        }
    }

    /// The reference: each output's four sources and weights computed from the definition, in
    /// float64 arithmetic on the same float32 source coordinates.
    public static func forwardNaive(x: [Float], planes: Int, input: (Int, Int), output: (Int, Int)) -> [Float] {
        let (h, w) = input, (oh, ow) = output
        var y = [Float](repeating: 0, count: planes * oh * ow)
        for p in 0..<planes {
            for i in 0..<oh {
                let (a, b, la) = source(i, input: h, output: oh)
                for j in 0..<ow {
                    let (c, d, lc) = source(j, input: w, output: ow)
                    let v = { (r: Int, s: Int) in Double(x[p * h * w + r * w + s]) }
                    let top = (1 - lc) * v(a, c) + lc * v(a, d)
                    let bottom = (1 - lc) * v(b, c) + lc * v(b, d)
                    y[p * oh * ow + i * ow + j] = Float((1 - la) * top + la * bottom)
                }
            }
        }
        return y
    }

    /// The reference backward, from the same definition.
    public static func backwardNaive(dy: [Float], planes: Int, input: (Int, Int), output: (Int, Int)) -> [Float] {
        let (h, w) = input, (oh, ow) = output
        var dx = [Double](repeating: 0, count: planes * h * w)
        for p in 0..<planes {
            for i in 0..<oh {
                let (a, b, la) = source(i, input: h, output: oh)
                for j in 0..<ow {
                    let (c, d, lc) = source(j, input: w, output: ow)
                    let g = Double(dy[p * oh * ow + i * ow + j])
                    dx[p * h * w + a * w + c] += (1 - la) * (1 - lc) * g
                    dx[p * h * w + a * w + d] += (1 - la) * lc * g
                    dx[p * h * w + b * w + c] += la * (1 - lc) * g
                    dx[p * h * w + b * w + d] += la * lc * g
                }
            }
        }
        return dx.map(Float.init)
    }

    /// The two source indices along one axis and the weight of the second.
    private static func source(_ i: Int, input: Int, output: Int) -> (Int, Int, Double) {
        let s = max(Float(input) / Float(output) * (Float(i) + 0.5) - 0.5, 0)
        let i0 = min(Int(s.rounded(.down)), input - 1)
        return (i0, min(i0 + 1, input - 1), Double(s) - Double(i0))
    }
}
