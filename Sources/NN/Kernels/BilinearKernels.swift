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
}

public enum BilinearKernels {
    /// `x` `[planes, H, W]` → `y` `[planes, OH, OW]` with precomputed tables, planes in parallel.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int, input: (Int, Int),
        rows: BilinearTable, columns: BilinearTable, threads: Int
    ) {
        let (h, w) = input
        let oh = rows.index.count, ow = columns.index.count
        rows.index.withUnsafeBufferPointer { hi in rows.offset.withUnsafeBufferPointer { ho in
        rows.lambda0.withUnsafeBufferPointer { h0 in rows.lambda1.withUnsafeBufferPointer { h1 in
        columns.index.withUnsafeBufferPointer { wi in columns.offset.withUnsafeBufferPointer { wo in
        columns.lambda0.withUnsafeBufferPointer { w0 in columns.lambda1.withUnsafeBufferPointer { w1 in
            Parallel.forEach(planes, threads: threads) { plane in
                let xp = x + plane * h * w
                let yp = y + plane * oh * ow
                for i in 0..<oh {
                    let r0 = xp + hi[i] * w, r1 = r0 + ho[i] * w
                    let a0 = h0[i], a1 = h1[i]
                    let out = yp + i * ow
                    for j in 0..<ow {
                        let c0 = wi[j], c1 = c0 + wo[j]
                        out[j] = a0 * (w0[j] * r0[c0] + w1[j] * r0[c1]) + a1 * (w0[j] * r1[c0] + w1[j] * r1[c1])
                    }
                }
            }
        }}}}}}}}
    }

    /// dL/dy `[planes, OH, OW]` → dL/dx `[planes, H, W]` (overwritten): each dy is added into its
    /// four sources, in output order within a plane, so sums do not depend on `threads`.
    public static func backward(
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, planes: Int, input: (Int, Int),
        rows: BilinearTable, columns: BilinearTable, threads: Int
    ) {
        let (h, w) = input
        let oh = rows.index.count, ow = columns.index.count
        rows.index.withUnsafeBufferPointer { hi in rows.offset.withUnsafeBufferPointer { ho in
        rows.lambda0.withUnsafeBufferPointer { h0 in rows.lambda1.withUnsafeBufferPointer { h1 in
        columns.index.withUnsafeBufferPointer { wi in columns.offset.withUnsafeBufferPointer { wo in
        columns.lambda0.withUnsafeBufferPointer { w0 in columns.lambda1.withUnsafeBufferPointer { w1 in
            Parallel.forEach(planes, threads: threads) { plane in
                let dxp = dx + plane * h * w
                dxp.update(repeating: 0, count: h * w)
                let dyp = dy + plane * oh * ow
                for i in 0..<oh {
                    let r0 = dxp + hi[i] * w, r1 = r0 + ho[i] * w
                    let a0 = h0[i], a1 = h1[i]
                    let g = dyp + i * ow
                    for j in 0..<ow {
                        let c0 = wi[j], c1 = c0 + wo[j]
                        r0[c0] += a0 * w0[j] * g[j]
                        r0[c1] += a0 * w1[j] * g[j]
                        r1[c0] += a1 * w0[j] * g[j]
                        r1[c1] += a1 * w1[j] * g[j]
                    }
                }
            }
        }}}}}}}}
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
