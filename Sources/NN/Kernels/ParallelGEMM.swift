import BLAS

// ----------------------------------------------------------------------------
// Matrix products whose bits do not depend on the thread count.
//
// Why not OpenBLAS's own threads: Debian 12's OpenBLAS 0.3.21 splits a product across its threads
// by the thread count and runs other kernels for the parts, so `sgemm` with 2 threads returns
// different bits from 1 thread, and a training run with `--threads 2` ended with other weights
// than with `--threads 1`. Here OpenBLAS runs single-threaded and we cut C into blocks that depend
// on m, n and k only: each block is one `BLAS.sgemm` call with the same arguments whatever the
// thread count, and `Parallel.forEach` only decides which thread makes it.
//
// Shapes, row-major float32, as `BLAS.sgemm` takes them:
//   op(A) [m, k]   (A stored [m, k] with row stride lda, or [k, m] when transposed)
//   op(B) [k, n]   (B stored [k, n] with row stride ldb, or [n, k] when transposed)
//   C     [m, n]   row stride ldc
// C = alpha · op(A) · op(B) + beta · C, block by block: a column block [j0, j1) computes
// C[:, j0..<j1] from all of op(A) and op(B)[:, j0..<j1]; a row block [i0, i1) computes
// C[i0..<i1, :] from op(A)[i0..<i1, :] and all of op(B). Every element of C is still one dot
// product over all of k, so accumulating with beta = 1 (a conv layer's weight gradient, chunk by
// chunk) keeps its order.
//
// The reference is `BLAS.sgemm` itself with OpenBLAS at one thread: one block gives its bits
// exactly, and several blocks agree with it to rounding (the kernels for a block's ragged edge
// may sum in another order).

/// How `parallelGEMM` cuts a product into blocks: a function of the shape only, never of the
/// thread count.
///
/// The larger of C's two dimensions is cut, because each block packs all of the other operand
/// again (a column block all of op(A), a row block all of op(B)): blocks of at least
/// `minimumExtent` keep that repacking small against the block's own work. The block count is 1, 2
/// or 4, so that 2 or 4 threads get equal shares, and block edges fall on multiples of `unit` so
/// that OpenBLAS's micro-kernels see whole tiles everywhere but at the matrix's own edge.
public struct GEMMBlocks: Equatable, Sendable {
    /// Which dimension of C the blocks divide.
    public enum Axis: Equatable, Sendable { case rows, columns }

    public var axis: Axis
    /// How many blocks, 1 when the product is one call.
    public var count: Int
    /// The rows (or columns) of C being divided.
    public var extent: Int

    /// The fewest rows or columns a block may have: about 100, so that Pons Black-box's dense layer
    /// (200 outputs) still splits in two (see the measurements in `parallelGEMM`).
    public static let minimumExtent = 100
    /// The fewest multiply-adds (m·n·k) a block may have: a smaller product costs less than waking a
    /// second thread.
    public static let minimumWork = 1 << 20
    /// The most blocks a product is cut into: 8 blocks of 128 columns made VGG16's [128, 1152] ·
    /// [1152, 1024] take 9 % longer on one thread than one call, 4 blocks of 256 columns 4 %.
    public static let maximumCount = 4
    /// Block edges are multiples of this.
    public static let unit = 16

    /// The blocks for an m × n product over k: the larger of m and n cut into the largest power of
    /// two of blocks, at most `maximumCount`, that leaves each at least `minimumExtent` wide and
    /// `minimumWork` multiply-adds.
    public init(m: Int, n: Int, k: Int, minimumExtent: Int = Self.minimumExtent, minimumWork: Int = Self.minimumWork) {
        let axis: Axis = n >= m ? .columns : .rows
        let extent = axis == .columns ? n : m
        let limit = min(
            Self.maximumCount, extent / max(1, minimumExtent), m * n * k / max(1, minimumWork),
            (extent + Self.unit - 1) / Self.unit)
        var count = 1
        while count * 2 <= limit { count *= 2 }
        self.init(axis: axis, count: count, extent: extent)
    }

    public init(axis: Axis, count: Int, extent: Int) {
        precondition(
            count >= 1 && (count == 1 || (extent + Self.unit - 1) / Self.unit >= count),
            "GEMMBlocks: \(count) blocks of \(extent) rows or columns")
        self.axis = axis
        self.count = count
        self.extent = extent
    }

    /// The rows (or columns) of block `index`: ⌈extent / unit⌉ tiles shared out as evenly as
    /// integer division allows, so sizes differ by at most one tile.
    public func range(_ index: Int) -> Range<Int> {
        let tiles = (extent + Self.unit - 1) / Self.unit
        let start = index * tiles / count * Self.unit
        let end = min(extent, (index + 1) * tiles / count * Self.unit)
        return start..<end
    }
}

/// `C = alpha · op(A) · op(B) + beta · C` like `BLAS.sgemm`, row-major, with C cut into
/// `GEMMBlocks(m:n:k:)` and the blocks run on up to `threads` threads.
///
/// The result does not depend on `threads` as long as OpenBLAS itself runs on one thread
/// (`BLAS.setThreadCount(1)`, as `melshard train` sets it); with more, each block's bits depend
/// on OpenBLAS's thread count instead. `blocks` overrides the split (for measurements and tests).
///
/// What the split costs, measured on Zen (EPYC, 2 cores, OpenBLAS 0.3.21 at one thread, best of
/// 20 calls, on a machine shared with other jobs, so ±5 %): on one thread, the products of the
/// studies' layers took 0–5 % longer in blocks than in one call (VGG16's 128-channel 3×3 layer
/// forward on 16 samples, [128, 1152] · [1152, 1024], 3.65 ms in 4 blocks against 3.52 ms), and
/// some less (its 512-channel input gradient, 4.18 ms against 4.38 ms). Smaller blocks cost more:
/// 32-column blocks of AlexNet-Kell's second convolution, [192, 1600] · [1600, 225], took 2.90 ms
/// against 2.12 ms, each block packing all of op(A) again.
public func parallelGEMM(
    _ transA: BLAS.Transpose, _ transB: BLAS.Transpose, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int, blocks: GEMMBlocks? = nil
) {
    let blocks = blocks ?? GEMMBlocks(m: m, n: n, k: k)
    guard blocks.count > 1 else {
        BLAS.sgemm(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
        return
    }
    precondition(blocks.extent == (blocks.axis == .columns ? n : m), "parallelGEMM: \(blocks) for \(m) × \(n)")
    Parallel.forEach(blocks.count, threads: threads) { block in
        let range = blocks.range(block)
        switch blocks.axis {
        case .columns:
            // Columns j of op(B) start at b + j stored as [k, n], at row j of B stored as [n, k].
            let bBlock = transB == .none ? b + range.lowerBound : b + range.lowerBound * ldb
            BLAS.sgemm(
                transA, transB, m: m, n: range.count, k: k, alpha: alpha, a: a, lda: lda, b: bBlock, ldb: ldb,
                beta: beta, c: c + range.lowerBound, ldc: ldc)
        case .rows:
            // Rows i of op(A) start at row i of A stored as [m, k], at a + i stored as [k, m].
            let aBlock = transA == .none ? a + range.lowerBound * lda : a + range.lowerBound
            BLAS.sgemm(
                transA, transB, m: range.count, n: n, k: k, alpha: alpha, a: aBlock, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c + range.lowerBound * ldc, ldc: ldc)
        }
    }
}
