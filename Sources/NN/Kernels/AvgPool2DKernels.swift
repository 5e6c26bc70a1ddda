/// Average pooling over `planes` independent `[H, W]` planes, forward and backward, after
/// PyTorch's `avg_pool2d` CPU kernel with `ceil_mode=False` and `count_include_pad=True`.
///
/// Layouts: `x` is `[planes, H, W]`, `y` is `[planes, OH, OW]` (see `Pool2DGeometry`). Padding
/// counts as zeros: every window divides by `kh · kw`, as PyTorch's default does (without
/// `ceil_mode` no window reaches beyond the padding, so the divisor never shrinks).
public enum AvgPool2DKernels {
    /// The fast path: raw pointers, clamped window bounds, planes in parallel. Each window is
    /// summed in float32 in row-major order and then divided, the order PyTorch uses.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int, geometry g: Pool2DGeometry,
        threads: Int
    ) {
        let (h, w) = g.input
        let (oh, ow) = g.output
        let divisor = Float(g.kernel.height * g.kernel.width)
        Parallel.forEach(planes, threads: threads) { plane in
            let xp = x + plane * h * w
            var yp = y + plane * oh * ow
            for i in 0..<oh {
                let rows = g.rows(i)
                for j in 0..<ow {
                    let columns = g.columns(j)
                    var sum: Float = 0
                    for ih in rows {
                        let row = xp + ih * w
                        for iw in columns { sum += row[iw] }
                    }
                    yp.pointee = sum / divisor
                    yp += 1
                }
            }
        }
    }

    /// The reference: every position of each window visited with bounds checks.
    public static func forwardNaive(x: [Float], planes: Int, geometry g: Pool2DGeometry) -> [Float] {
        var y = [Float](repeating: 0, count: planes * g.outputCount)
        for p in 0..<planes {
            for i in 0..<g.output.height {
                for j in 0..<g.output.width {
                    var sum: Float = 0
                    for (ih, iw) in g.naiveWindow(i, j) { sum += x[p * g.inputCount + ih * g.input.width + iw] }
                    y[p * g.outputCount + i * g.output.width + j] = sum / Float(g.kernel.height * g.kernel.width)
                }
            }
        }
        return y
    }

    /// dL/dx from dL/dy: `dx` (`[planes, H, W]`) is overwritten with zeros, then each dy / (kh·kw)
    /// is added over its window, in output order within a plane (independent of `threads`).
    public static func backward(
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, planes: Int, geometry g: Pool2DGeometry,
        threads: Int
    ) {
        let (h, w) = g.input
        let (oh, ow) = g.output
        let divisor = Float(g.kernel.height * g.kernel.width)
        Parallel.forEach(planes, threads: threads) { plane in
            let dxp = dx + plane * h * w
            dxp.update(repeating: 0, count: h * w)
            var dyp = dy + plane * oh * ow
            for i in 0..<oh {
                let rows = g.rows(i)
                for j in 0..<ow {
                    let columns = g.columns(j)
                    let delta = dyp.pointee / divisor
                    for ih in rows {
                        let row = dxp + ih * w
                        for iw in columns { row[iw] += delta }
                    }
                    dyp += 1
                }
            }
        }
    }

    /// The reference backward, with bounds checks on every window position.
    public static func backwardNaive(dy: [Float], planes: Int, geometry g: Pool2DGeometry) -> [Float] {
        var dx = [Float](repeating: 0, count: planes * g.inputCount)
        let divisor = Float(g.kernel.height * g.kernel.width)
        for p in 0..<planes {
            for i in 0..<g.output.height {
                for j in 0..<g.output.width {
                    for (ih, iw) in g.naiveWindow(i, j) {
                        dx[p * g.inputCount + ih * g.input.width + iw] +=
                            dy[p * g.outputCount + i * g.output.width + j] / divisor
                    }
                }
            }
        }
        return dx
    }
}
