/// Max pooling over `planes` independent `[H, W]` planes (the N·C planes of an `[N, C, H, W]`
/// tensor), forward and backward, after PyTorch's `max_pool2d` CPU kernel.
///
/// Layouts: `x` is `[planes, H, W]`, `y` and `argmax` are `[planes, OH, OW]` (see
/// `Pool2DGeometry`). `argmax` holds, for each output, the index `ih · W + iw` of the chosen input
/// inside its plane. Padding is −∞ and is never chosen. Ties go to the first maximum in row-major
/// window order (a later equal value does not replace it), and a NaN wins, as in PyTorch.
/// The backward pass routes each dL/dy to that one input, so dL/dx is sparse.
public enum MaxPool2DKernels {
    // MARK: - Forward

    /// The fast path: raw pointers, eight outputs per step where windows lie inside the row,
    /// window bounds clamped once per output at the edges, planes in parallel.
    /// Each plane writes only its own outputs, so results do not depend on `threads`.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>,
        planes: Int, geometry g: Pool2DGeometry, threads: Int
    ) {
        let (h, w) = g.input
        let (oh, ow) = g.output
        let kw = g.kernel.width, sw = g.stride.width, pw = g.padding.width
        // Output columns whose windows lie wholly inside the row: there eight outputs are computed
        // at once, one SIMD lane each, with branch-free selects (a scalar compare-and-branch per
        // element mispredicts on random data and ran at a third of the speed).
        let interiorStart = min(ow, (pw + sw - 1) / sw)
        let interiorEnd = max(interiorStart, min(ow, w + pw >= kw ? (w + pw - kw) / sw + 1 : 0))
        let vectorEnd = interiorStart + (interiorEnd - interiorStart) / 8 * 8
        let laneSteps = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &* Int32(sw)
        Parallel.forEach(planes, threads: threads) { plane in
            let xp = x + plane * h * w
            let yp = y + plane * oh * ow
            let ap = argmax + plane * oh * ow
            for i in 0..<oh {
                let rows = g.rows(i)
                var j = interiorStart
                while j < vectorEnd {
                    var best = SIMD8<Float>(repeating: -.infinity)
                    var index =
                        SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: rows.lowerBound * w + j * sw - pw))
                        &+ laneSteps
                    for ih in rows {
                        for b in 0..<kw {
                            let column = j * sw - pw + b
                            let p = xp + ih * w + column
                            let v =
                                sw == 1
                                ? UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
                                : SIMD8<Float>(
                                    p[0], p[sw], p[2 * sw], p[3 * sw], p[4 * sw], p[5 * sw], p[6 * sw],
                                    p[7 * sw])
                            // PyTorch's rule: take a larger value or a NaN; once a NaN is taken no
                            // number beats it, and an equal value never replaces the first.
                            let take = (v .> best) .| (v .!= v)
                            best.replace(with: v, where: take)
                            index.replace(
                                with: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: ih * w + column))
                                    &+ laneSteps, where: take)
                        }
                    }
                    UnsafeMutableRawPointer(yp + i * ow + j).storeBytes(of: best, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(ap + i * ow + j).storeBytes(of: index, as: SIMD8<Int32>.self)
                    j += 8
                }
                // The edges (windows that reach into the padding) and the last columns, one by one.
                for j in 0..<ow where j < interiorStart || j >= vectorEnd {
                    let (best, index) = windowMaximum(xp, w: w, rows: rows, columns: g.columns(j))
                    yp[i * ow + j] = best
                    ap[i * ow + j] = Int32(truncatingIfNeeded: index)
                }
            }
        }
    }

    /// The first maximum of one window (rows × columns of the plane `xp`, row length `w`) and its
    /// index `ih · w + iw`, scanning in row-major order: PyTorch's rule, a NaN always taken.
    @inline(__always)
    static func windowMaximum(
        _ xp: UnsafePointer<Float>, w: Int, rows: Range<Int>, columns: Range<Int>
    ) -> (Float, Int) {
        var best = -Float.infinity
        var index = rows.lowerBound * w + columns.lowerBound
        for ih in rows {
            let row = xp + ih * w
            for iw in columns {
                let v = row[iw]
                if v > best || v.isNaN {
                    best = v
                    index = ih * w + iw
                }
            }
        }
        return (best, index)
    }

    /// The reference: every window position of the padded input visited with bounds checks,
    /// one plane after another.
    public static func forwardNaive(
        x: [Float], planes: Int, geometry g: Pool2DGeometry
    ) -> (y: [Float], argmax: [Int32]) {
        var y = [Float](repeating: 0, count: planes * g.outputCount)
        var argmax = [Int32](repeating: 0, count: planes * g.outputCount)
        for p in 0..<planes {
            for i in 0..<g.output.height {
                for j in 0..<g.output.width {
                    var best = -Float.infinity
                    var index = -1
                    for (ih, iw) in g.naiveWindow(i, j) {
                        let v = x[p * g.inputCount + ih * g.input.width + iw]
                        if index < 0 || v > best || v.isNaN {
                            best = v
                            index = ih * g.input.width + iw
                        }
                    }
                    y[p * g.outputCount + i * g.output.width + j] = best
                    argmax[p * g.outputCount + i * g.output.width + j] = Int32(index)
                }
            }
        }
        return (y, argmax)
    }

    // MARK: - Backward

    /// dL/dx from dL/dy: `dx` (`[planes, H, W]`) is overwritten with zeros, then each dy is added
    /// at its argmax. Overlapping windows add in output order within a plane, so the sums do not
    /// depend on `threads`.
    public static func backward(
        dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, dx: UnsafeMutablePointer<Float>,
        planes: Int, geometry g: Pool2DGeometry, threads: Int
    ) {
        let inCount = g.inputCount, outCount = g.outputCount
        Parallel.forEach(planes, threads: threads) { plane in
            let dxp = dx + plane * inCount
            dxp.update(repeating: 0, count: inCount)
            let dyp = dy + plane * outCount
            let ap = argmax + plane * outCount
            for o in 0..<outCount {
                dxp[Int(ap[o])] += dyp[o]
            }
        }
    }

    /// The reference backward: recomputes each window's first maximum from `x` instead of reading
    /// a stored argmax.
    public static func backwardNaive(dy: [Float], x: [Float], planes: Int, geometry g: Pool2DGeometry) -> [Float] {
        let argmax = forwardNaive(x: x, planes: planes, geometry: g).argmax
        var dx = [Float](repeating: 0, count: planes * g.inputCount)
        for p in 0..<planes {
            for o in 0..<g.outputCount {
                dx[p * g.inputCount + Int(argmax[p * g.outputCount + o])] += dy[p * g.outputCount + o]
            }
        }
        return dx
    }
}
