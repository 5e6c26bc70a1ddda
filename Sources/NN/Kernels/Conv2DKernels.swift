import BLAS

// ----------------------------------------------------------------------------
// 2-D convolution (cross-correlation, as torch.nn.functional.conv2d computes it), forward and
// backward, in two versions: the direct nested loops that are the reference, and im2col + one
// GEMM per group over a chunk of the batch (the fast path).
//
// Why no direct loops for one input channel (a network's first layer): measured on Zen with
// OpenBLAS 0.3.21, one thread, Conv2d(1, 32, (12, 8)) on [64, 1, 40, 80] forward + dweight, plain
// Swift loops building each output plane from kh·kw shifted input rows took 550–690 ms (even
// compiled for Haswell; wall time on a shared machine) against 57–86 ms for im2col + GEMM in the
// same runs: the loops cannot keep the FMA units busy, and the dweight reduction cannot be
// vectorised without reordering the sum.
//
// Shapes, all row-major float32 (see `Conv2DGeometry`):
//   x      [N, C, H, W]            weight [O, C/groups, kh, kw]     bias [O]
//   y      [N, O, OH, OW]          dy like y, dx like x, dweight like weight, dbias like bias
// y[n, o, oh, ow] = bias[o] + Σ_{c, i, j} weight[o, c, i, j] · x[n, g·C/groups + c, oh·sh − pt + i,
//                                                                ow·sw − pl + j]
// with g = o / (O/groups), c < C/groups, and x = 0 in the padding.
//
// Backward functions **add** into dweight and dbias (gradients accumulate over backward calls,
// as PyTorch's do) and **overwrite** dx.

/// Scratch memory for the fast path, owned by one layer and reused across steps.
///
/// It holds the column matrix of a chunk of samples (`[C·kh·kw, chunk·OH·OW]`) and the output or
/// its gradient regrouped channel-major (`[O, chunk·OH·OW]`).
///
/// The chunk is the fewest samples whose GEMM is at least `minimumColumns` wide (all of them when
/// the batch is smaller), bounded by `maxBytes` for both buffers together (at least one sample).
/// Why not the whole batch in one GEMM: measured on Zen (OpenBLAS 0.3.21, one thread, forward +
/// backward, best of several runs in thread CPU time on a shared machine, so ±15 %), chunks that
/// keep the columns in L2 were faster wherever OH·OW ≥ 64: Conv2d(32, 64, 3, padding 1) on
/// [64, 32, 16, 16] took 36 ms with one sample per GEMM against 47 ms for the whole batch,
/// Conv2d(128, 128, 3, padding 1) on [64, 128, 8, 8] 63 ms (2 samples: 76, 4: 65) against 87 ms,
/// Conv2d(64, 128, 3, padding 1) on [16, 64, 32, 32] 124 ms against 150 ms. Only small planes
/// need several samples per GEMM: Conv2d(256, 256, 3, padding 1) on [16, 256, 4, 4] took 52 ms
/// with one sample per GEMM, 21 ms with 4, 24 ms with 8 and 22–29 ms with all 16.
public final class Conv2DScratch {
    /// The most the two buffers may take together, in bytes, unless one sample needs more.
    public let maxBytes: Int
    /// The GEMM width (samples × OH·OW) a chunk aims for.
    public let minimumColumns: Int
    private var columns = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var columnCapacity = 1
    private var regrouped = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var regroupedCapacity = 1
    /// The samples (and geometry) whose columns the column buffer holds after `conv2dForward`, so
    /// that `conv2dBackward` can skip unfolding them again.
    fileprivate var held: HeldColumns?

    fileprivate struct HeldColumns: Equatable {
        var start: Int
        var count: Int
        var geometry: Conv2DGeometry
    }

    public init(maxBytes: Int = 64 << 20, minimumColumns: Int = 64) {
        self.maxBytes = maxBytes
        self.minimumColumns = minimumColumns
    }

    deinit {
        columns.deallocate()
        regrouped.deallocate()
    }

    /// How many samples of `geometry` one GEMM takes.
    public func chunk(for geometry: Conv2DGeometry) -> Int {
        let perSample =
            (geometry.inChannels * geometry.kernelHeight * geometry.kernelWidth
                + geometry.outChannels) * geometry.outputPlane * MemoryLayout<Float>.stride
        let wanted = (minimumColumns + geometry.outputPlane - 1) / max(1, geometry.outputPlane)
        return max(1, min(geometry.batch, wanted, maxBytes / max(1, perSample)))
    }

    /// The two buffers, grown (never shrunk) to fit `chunk` samples of `geometry`.
    fileprivate func buffers(
        _ geometry: Conv2DGeometry, chunk: Int
    )
        -> (columns: UnsafeMutablePointer<Float>, regrouped: UnsafeMutablePointer<Float>)
    {
        let rows = geometry.inChannels * geometry.kernelHeight * geometry.kernelWidth
        let columnCount = rows * chunk * geometry.outputPlane
        let regroupedCount = geometry.outChannels * chunk * geometry.outputPlane
        if columnCapacity < columnCount {
            columns.deallocate()
            columns = .allocate(capacity: columnCount)
            columnCapacity = columnCount
            held = nil
        }
        if regroupedCapacity < regroupedCount {
            regrouped.deallocate()
            regrouped = .allocate(capacity: regroupedCount)
            regroupedCapacity = regroupedCount
        }
        return (columns, regrouped)
    }
}

// ----------------------------------------------------------------------------
// Fast path: im2col + GEMM

/// y = conv2d(x, weight) + bias by im2col and one GEMM per group for each chunk of samples.
///
/// For a chunk of `nc` samples the columns form one `[C·kh·kw, nc·P]` matrix (P = OH·OW; sample i
/// in columns `[i·P, (i+1)·P)`), so group g's output is `weight_g [O/g, K] × columns_g [K, nc·P]`
/// with K = `patchSize`. Unfolding and regrouping run on `threads` threads, in tasks that each
/// write their own rows; the GEMMs (`parallelGEMM`) in blocks of the output fixed by their shape.
public func conv2dForward(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ geometry: Conv2DGeometry, y: UnsafeMutablePointer<Float>, scratch: Conv2DScratch, threads: Int
) {
    let g = geometry
    let (P, K, groupOut) = (g.outputPlane, g.patchSize, g.groupOutChannels)
    let chunk = scratch.chunk(for: g)
    var start = 0
    while start < g.batch {
        let count = min(chunk, g.batch - start)
        let (columns, regrouped) = scratch.buffers(g, chunk: chunk)
        let ld = count * P
        unfold(x, g, samples: start..<(start + count), columns: columns, threads: threads)
        scratch.held = .init(start: start, count: count, geometry: g)
        // With one sample the [O, P] product is already y's layout; otherwise it is regrouped.
        let product = count == 1 ? y + start * g.outChannels * P : regrouped
        for group in 0..<g.groups {
            parallelGEMM(
                .none, .none, m: groupOut, n: ld, k: K,
                a: weight + group * groupOut * K, lda: K,
                b: columns + group * K * ld, ldb: ld,
                c: product + group * groupOut * ld, ldc: ld, threads: threads)
        }
        // Bias, and the regrouped product back to [N, O, P], one (sample, channel) per task.
        if count > 1 || bias != nil {
            Parallel.forEach(count * g.outChannels, threads: threads) { index in
                let (i, o) = index.quotientAndRemainder(dividingBy: g.outChannels)
                let row = y + ((start + i) * g.outChannels + o) * P
                let b = bias?[o] ?? 0
                if count > 1 {
                    let source = regrouped + o * ld + i * P
                    for p in 0..<P { row[p] = source[p] + b }
                } else {
                    for p in 0..<P { row[p] += b }
                }
            }
        }
        start += count
    }
}

/// The gradients of `conv2dForward`: dweight += dy ⋆ x, dbias += Σ dy, and dx (when `dx` is not
/// nil) = the transposed convolution of dy.
///
/// Per chunk and group: dweight_g += dy_g [O/g, nc·P] × columns_gᵀ, then columns_g = weight_gᵀ ×
/// dy_g and `col2im` folds them into dx. dweight sums over the chunks in a fixed order (each
/// chunk's GEMM adds with beta = 1; `parallelGEMM` splits it by blocks of dweight, not of the sum),
/// so it does not depend on `threads` either. Chunks run last to first, so the last chunk's columns,
/// left in `scratch` by the forward pass over the same x, are used without unfolding x again;
/// pass `reuseColumns: false` if x or the scratch changed since.
public func conv2dBackward(
    _ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    _ geometry: Conv2DGeometry, dx: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
    dbias: UnsafeMutablePointer<Float>?, scratch: Conv2DScratch, threads: Int, reuseColumns: Bool = true
) {
    let g = geometry
    if let dbias { addBiasGradient(dy, g, dbias: dbias) }
    let (P, K, groupOut) = (g.outputPlane, g.patchSize, g.groupOutChannels)
    let chunk = scratch.chunk(for: g)
    var start = (g.batch - 1) / chunk * chunk
    while start >= 0 {
        let count = min(chunk, g.batch - start)
        let (columns, regrouped) = scratch.buffers(g, chunk: chunk)
        let ld = count * P
        // `buffers` forgets what the columns held when it had to grow them.
        if !(reuseColumns && scratch.held == .init(start: start, count: count, geometry: g)) {
            unfold(x, g, samples: start..<(start + count), columns: columns, threads: threads)
            scratch.held = .init(start: start, count: count, geometry: g)
        }
        let gradient: UnsafePointer<Float>
        if count == 1 {
            gradient = dy + start * g.outChannels * P
        } else {
            Parallel.forEach(count * g.outChannels, threads: threads) { index in
                let (i, o) = index.quotientAndRemainder(dividingBy: g.outChannels)
                let source = dy + ((start + i) * g.outChannels + o) * P
                let target = regrouped + o * ld + i * P
                for p in 0..<P { target[p] = source[p] }
            }
            gradient = UnsafePointer(regrouped)
        }
        for group in 0..<g.groups {
            parallelGEMM(
                .none, .transposed, m: groupOut, n: K, k: ld,
                a: gradient + group * groupOut * ld, lda: ld,
                b: columns + group * K * ld, ldb: ld,
                beta: 1, c: dweight + group * groupOut * K, ldc: K, threads: threads)
        }
        if let dx {
            for group in 0..<g.groups {
                parallelGEMM(
                    .transposed, .none, m: K, n: ld, k: groupOut,
                    a: weight + group * groupOut * K, lda: K,
                    b: gradient + group * groupOut * ld, ldb: ld,
                    c: columns + group * K * ld, ldc: ld, threads: threads)
            }
            scratch.held = nil
            // Each (sample, channel) folds into its own plane of dx.
            Parallel.forEach(count * g.inChannels, threads: threads) { index in
                let (i, c) = index.quotientAndRemainder(dividingBy: g.inChannels)
                col2im(
                    columns + i * P, rowStride: ld, g, image: dx + (start + i) * g.inChannels * g.inputPlane,
                    channels: c..<(c + 1))
            }
        }
        start -= chunk
    }
}

/// im2col of `samples` side by side (sample start + i in columns [i·P, (i+1)·P)), one
/// (sample, kernel row) per task, so one sample still spreads over threads, even with one
/// input channel.
private func unfold(
    _ x: UnsafePointer<Float>, _ g: Conv2DGeometry, samples: Range<Int>, columns: UnsafeMutablePointer<Float>,
    threads: Int
) {
    let ld = samples.count * g.outputPlane
    let kernelRows = g.inChannels * g.kernelHeight
    Parallel.forEach(samples.count * kernelRows, threads: threads) { index in
        let (i, r) = index.quotientAndRemainder(dividingBy: kernelRows)
        im2col(
            x + (samples.lowerBound + i) * g.inChannels * g.inputPlane, g, columns: columns + i * g.outputPlane,
            rowStride: ld, kernelRows: r..<(r + 1))
    }
}

/// dbias[o] += Σ_{n, p} dy[n, o, p]: each plane summed in eight float lanes (so the loop
/// vectorises; a single running sum is bound by the add latency), planes added in double
/// precision, all in a fixed order.
private func addBiasGradient(_ dy: UnsafePointer<Float>, _ g: Conv2DGeometry, dbias: UnsafeMutablePointer<Float>) {
    let P = g.outputPlane
    let vectorEnd = P - P % 8
    for o in 0..<g.outChannels {
        var sum = 0.0
        for n in 0..<g.batch {
            let row = dy + (n * g.outChannels + o) * P
            var lanes = SIMD8<Float>()
            var p = 0
            while p < vectorEnd {
                lanes += UnsafeRawPointer(row + p).loadUnaligned(as: SIMD8<Float>.self)
                p += 8
            }
            var partial = lanes.sum()
            while p < P {
                partial += row[p]
                p += 1
            }
            sum += Double(partial)
        }
        dbias[o] += Float(sum)
    }
}

// ----------------------------------------------------------------------------
// Reference: direct nested loops

/// y = conv2d(x, weight) + bias by the definition, summing each output in double precision: the
/// reference the fast paths are tested against, and a fallback.
public func conv2dForwardNaive(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    _ geometry: Conv2DGeometry, y: UnsafeMutablePointer<Float>
) {
    let g = geometry
    let (cg, og, kh, kw) = (g.groupInChannels, g.groupOutChannels, g.kernelHeight, g.kernelWidth)
    for n in 0..<g.batch {
        for o in 0..<g.outChannels {
            let firstChannel = o / og * cg
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    var sum = Double(bias?[o] ?? 0)
                    for c in 0..<cg {
                        for i in 0..<kh {
                            let ih = oh * g.strideHeight - g.padTop + i
                            if ih < 0 || ih >= g.height { continue }
                            for j in 0..<kw {
                                let iw = ow * g.strideWidth - g.padLeft + j
                                if iw < 0 || iw >= g.width { continue }
                                let input = x[((n * g.inChannels + firstChannel + c) * g.height + ih) * g.width + iw]
                                sum += Double(weight[((o * cg + c) * kh + i) * kw + j]) * Double(input)
                            }
                        }
                    }
                    y[((n * g.outChannels + o) * g.outputHeight + oh) * g.outputWidth + ow] = Float(sum)
                }
            }
        }
    }
}

/// The gradients of `conv2dForwardNaive` by the definition, in double precision: dweight += dy ⋆ x,
/// dbias += Σ dy, dx (when not nil) = Σ over the outputs each input feeds of dy · weight.
public func conv2dBackwardNaive(
    _ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    _ geometry: Conv2DGeometry, dx: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
    dbias: UnsafeMutablePointer<Float>?
) {
    let g = geometry
    let (cg, og, kh, kw) = (g.groupInChannels, g.groupOutChannels, g.kernelHeight, g.kernelWidth)
    var dxSum = [Double](repeating: 0, count: dx == nil ? 0 : g.inputCount)
    var dwSum = [Double](repeating: 0, count: g.weightCount)
    var dbSum = [Double](repeating: 0, count: g.outChannels)
    for n in 0..<g.batch {
        for o in 0..<g.outChannels {
            let firstChannel = o / og * cg
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    let gradient = Double(dy[((n * g.outChannels + o) * g.outputHeight + oh) * g.outputWidth + ow])
                    dbSum[o] += gradient
                    for c in 0..<cg {
                        for i in 0..<kh {
                            let ih = oh * g.strideHeight - g.padTop + i
                            if ih < 0 || ih >= g.height { continue }
                            for j in 0..<kw {
                                let iw = ow * g.strideWidth - g.padLeft + j
                                if iw < 0 || iw >= g.width { continue }
                                let xi = ((n * g.inChannels + firstChannel + c) * g.height + ih) * g.width + iw
                                let wi = ((o * cg + c) * kh + i) * kw + j
                                dwSum[wi] += gradient * Double(x[xi])
                                if dx != nil { dxSum[xi] += gradient * Double(weight[wi]) }
                            }
                        }
                    }
                }
            }
        }
    }
    if let dx { for i in 0..<g.inputCount { dx[i] = Float(dxSum[i]) } }
    for i in 0..<g.weightCount { dweight[i] += Float(dwSum[i]) }
    if let dbias { for o in 0..<g.outChannels { dbias[o] += Float(dbSum[o]) } }
}
