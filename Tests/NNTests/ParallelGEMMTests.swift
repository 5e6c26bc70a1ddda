import BLAS
import NN
import XCTest

/// One product to test: op(A) [m, k] · op(B) [k, n] into C [m, n], stored with row strides wider
/// than the matrices (`pad` extra columns) so that block offsets into strided storage are checked.
private struct Product {
    var transA: BLAS.Transpose
    var transB: BLAS.Transpose
    var m: Int
    var n: Int
    var k: Int
    var alpha: Float = 1
    var beta: Float = 0
    var pad = 3

    var lda: Int { (transA == .none ? k : m) + pad }
    var ldb: Int { (transB == .none ? n : k) + pad }
    var ldc: Int { n + pad }
    var aCount: Int { (transA == .none ? m : k) * lda }
    var bCount: Int { (transB == .none ? k : n) * ldb }

    var name: String { "\(transA == .none ? "N" : "T")\(transB == .none ? "N" : "T") \(m)×\(n)×\(k) β\(beta)" }

    /// A, B and C before the product, seeded.
    var operands: (a: [Float], b: [Float], c: [Float]) {
        (randomTensor([aCount], "a").values, randomTensor([bCount], "b").values, randomTensor([m * ldc], "c").values)
    }

    /// C after the product, computed by `parallelGEMM` (`threads` given) or, when nil, by one `BLAS.sgemm`.
    func run(threads: Int?, blocks: GEMMBlocks? = nil) -> [Float] {
        let (a, b, c) = operands
        return run(a, b, c, threads: threads, blocks: blocks)
    }

    func run(_ a: [Float], _ b: [Float], _ c: [Float], threads: Int?, blocks: GEMMBlocks? = nil) -> [Float] {
        var c = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    if let threads {
                        parallelGEMM(
                            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, lda: lda,
                            b: b.baseAddress!, ldb: ldb, beta: beta, c: c.baseAddress!, ldc: ldc,
                            threads: threads, blocks: blocks)
                    } else {
                        BLAS.sgemm(
                            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, lda: lda,
                            b: b.baseAddress!, ldb: ldb, beta: beta, c: c.baseAddress!, ldc: ldc)
                    }
                }
            }
        }
        return c
    }

    /// C by the definition in double precision, starting from the same C as `run`.
    func naive() -> [Float] {
        let (a, b, before) = operands
        var c = before
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transA == .none ? a[i * lda + p] : a[p * lda + i]
                    let y = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                    sum += Double(x) * Double(y)
                }
                c[i * ldc + j] = Float(Double(alpha) * sum + Double(beta) * Double(c[i * ldc + j]))
            }
        }
        return c
    }
}

final class ParallelGEMMTests: XCTestCase {
    override func setUp() {
        // Each block's bits depend on OpenBLAS's own thread count; the trainer runs it at one.
        BLAS.setThreadCount(1)
    }

    /// Shapes of all four transpose combinations, split by columns and by rows, with beta 0 and 1.
    private static let products: [Product] = [
        Product(transA: .none, transB: .none, m: 37, n: 301, k: 45),
        Product(transA: .none, transB: .transposed, m: 29, n: 83, k: 517, beta: 1),
        Product(transA: .transposed, transB: .none, m: 213, n: 70, k: 19, alpha: 0.5, beta: 1),
        Product(transA: .transposed, transB: .transposed, m: 150, n: 149, k: 33),
        Product(transA: .none, transB: .none, m: 10, n: 200, k: 700, beta: 1),
    ]

    /// Every way the tests split a product: its own default, then 2, 4 and 8 blocks on each axis.
    private func splits(_ p: Product) -> [GEMMBlocks] {
        var result = [GEMMBlocks(m: p.m, n: p.n, k: p.k)]
        for count in [2, 4, 8] {
            if (p.n + GEMMBlocks.unit - 1) / GEMMBlocks.unit >= count {
                result.append(GEMMBlocks(axis: .columns, count: count, extent: p.n))
            }
            if (p.m + GEMMBlocks.unit - 1) / GEMMBlocks.unit >= count {
                result.append(GEMMBlocks(axis: .rows, count: count, extent: p.m))
            }
        }
        return result
    }

    func testResultsDoNotDependOnThreads() {
        for p in Self.products {
            let (a, b, c) = p.operands
            for blocks in splits(p) {
                let one = p.run(a, b, c, threads: 1, blocks: blocks)
                for threads in [2, 3] {
                    XCTAssertEqual(
                        one, p.run(a, b, c, threads: threads, blocks: blocks),
                        "\(p.name) \(blocks) \(threads) threads")
                }
            }
        }
    }

    func testDefaultSplitOfALargeProductDoesNotDependOnThreads() {
        // Like Pons Black-box's dense layer backward (dx = dy · W, [10, 200] · [200, 16352]) but
        // narrower; the default cuts it into 4 column blocks.
        let p = Product(transA: .none, transB: .none, m: 10, n: 5000, k: 200)
        XCTAssertEqual(GEMMBlocks(m: p.m, n: p.n, k: p.k), GEMMBlocks(axis: .columns, count: 4, extent: 5000))
        let (a, b, c) = p.operands
        let one = p.run(a, b, c, threads: 1)
        XCTAssertEqual(one, p.run(a, b, c, threads: 2))
        XCTAssertEqual(one, p.run(a, b, c, threads: 3))
        assertClose(one, p.run(a, b, c, threads: nil), tolerance: 1e-5, "against one sgemm")
    }

    func testMatchesOneSGEMMAndTheDefinition() {
        for p in Self.products {
            let whole = p.run(threads: nil)
            XCTAssertEqual(
                p.run(threads: 2, blocks: GEMMBlocks(axis: .columns, count: 1, extent: p.n)), whole,
                "\(p.name): one block is one sgemm call")
            // Splitting changes only which kernel sums a block's edge, so rounding may differ slightly.
            assertClose(whole, p.naive(), tolerance: 1e-5, "\(p.name): sgemm against the definition")
            for blocks in splits(p) {
                assertClose(p.run(threads: 2, blocks: blocks), whole, tolerance: 1e-5, "\(p.name) \(blocks)")
            }
        }
    }

    func testBlocksTileTheOutputOnUnitEdges() {
        for (m, n, k) in [(32, 2117, 96), (200, 16352, 10), (1600, 225, 192), (64, 288, 784), (512, 64, 4608)] {
            let blocks = GEMMBlocks(m: m, n: n, k: k)
            XCTAssertEqual(blocks.axis, n >= m ? .columns : .rows)
            XCTAssertEqual(blocks.extent, max(m, n))
            XCTAssertTrue([1, 2, 4].contains(blocks.count), "\(blocks)")
            var next = 0
            for index in 0..<blocks.count {
                let range = blocks.range(index)
                XCTAssertEqual(range.lowerBound, next, "\(blocks) block \(index)")
                XCTAssertEqual(range.lowerBound % GEMMBlocks.unit, 0, "\(blocks) block \(index)")
                if blocks.count > 1 {
                    XCTAssertGreaterThanOrEqual(range.count, GEMMBlocks.minimumExtent - GEMMBlocks.unit, "\(blocks)")
                    XCTAssertGreaterThanOrEqual(m * n * k / blocks.count, GEMMBlocks.minimumWork, "\(blocks)")
                }
                next = range.upperBound
            }
            XCTAssertEqual(next, blocks.extent, "\(blocks)")
        }
        // Too little work for a second thread: one call.
        XCTAssertEqual(GEMMBlocks(m: 64, n: 64, k: 64).count, 1)
        // Pons Black-box's convolution forward, [32, 96] · [96, 2117]: four column blocks.
        XCTAssertEqual(GEMMBlocks(m: 32, n: 2117, k: 96), GEMMBlocks(axis: .columns, count: 4, extent: 2117))
    }
}
