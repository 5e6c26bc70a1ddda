import BLAS
import Foundation
import Testing

/// `BLAS.sgemm` against the definition, computed in double precision by a triple loop, on
/// shapes where a swapped dimension, a transposed operand read as stored, or a row stride taken
/// for a width would give a different matrix.
@Suite struct SGEMMTests {
    /// One product: op(A) [m, k] · op(B) [k, n] into C [m, n], each stored with `pad` spare
    /// columns per row, so that `lda`, `ldb` and `ldc` differ from the widths.
    struct Product: CustomTestStringConvertible, Sendable {
        var transA: BLAS.Transpose
        var transB: BLAS.Transpose
        var m: Int, n: Int, k: Int
        var alpha: Float = 1
        var beta: Float = 0
        var pad = 0

        var lda: Int { (transA == .none ? k : m) + pad }
        var ldb: Int { (transB == .none ? n : k) + pad }
        var ldc: Int { n + pad }

        var testDescription: String {
            "\(transA == .none ? "N" : "T")\(transB == .none ? "N" : "T") \(m)×\(n)×\(k) α\(alpha) β\(beta) pad \(pad)"
        }

        /// A, B and C before the product: distinct, irregular values, so no entry can stand in for another.
        var operands: (a: [Float], b: [Float], c: [Float]) {
            func values(_ count: Int, _ phase: Double) -> [Float] {
                (0..<count).map { (i: Int) -> Float in
                    let wave: Double = sin(Double(i) * 0.731 + phase)
                    return Float(wave + 0.1 * Double(i % 7))
                }
            }
            return (
                values((transA == .none ? m : k) * lda, 0.3), values((transB == .none ? k : n) * ldb, 1.7),
                values(m * ldc, 2.9)
            )
        }

        func sgemm() -> [Float] {
            var (a, b, c) = operands
            BLAS.sgemm(
                transA, transB, m: m, n: n, k: k, alpha: alpha, a: &a, lda: lda, b: &b, ldb: ldb,
                beta: beta, c: &c, ldc: ldc)
            return c
        }

        /// The definition, element by element; padding columns of C are left as they were.
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
                    c[i * ldc + j] = Float(Double(alpha) * sum + Double(beta) * Double(before[i * ldc + j]))
                }
            }
            return c
        }
    }

    static let products: [Product] = [
        Product(transA: .none, transB: .none, m: 1, n: 1, k: 1),
        Product(transA: .none, transB: .none, m: 3, n: 5, k: 7),
        Product(transA: .none, transB: .transposed, m: 4, n: 9, k: 2),
        Product(transA: .transposed, transB: .none, m: 6, n: 3, k: 11, alpha: 0.5, beta: 1),
        Product(transA: .transposed, transB: .transposed, m: 13, n: 2, k: 5, alpha: -2, beta: 0.25),
        Product(transA: .none, transB: .none, m: 17, n: 31, k: 23, pad: 3),
        Product(transA: .transposed, transB: .transposed, m: 31, n: 17, k: 9, beta: 1, pad: 2),
        Product(transA: .none, transB: .transposed, m: 64, n: 48, k: 96, alpha: 1.5, beta: -1, pad: 1),
    ]

    @Test(arguments: products)
    func matchesTheTripleLoop(_ product: Product) {
        let (fast, reference) = (product.sgemm(), product.naive())
        #expect(fast.count == reference.count)
        // float32 accumulation over k terms of size about 1: a few ulps of the largest partial sums.
        let tolerance = 1e-5 * Double(product.k + 4) * Double(max(1, abs(product.alpha)))
        for (index, (x, y)) in zip(fast, reference).enumerated() where abs(Double(x) - Double(y)) > tolerance {
            Issue.record("C[\(index / product.ldc), \(index % product.ldc)] is \(x), the definition gives \(y)")
            return
        }
    }

    /// A transposed operand is read across its stored rows: Aᵀ·B with A stored [k, m] equals
    /// the product of the transpose written out.
    @Test func aTransposedOperandEqualsItsTransposeWrittenOut() {
        let (m, n, k) = (3, 4, 2)
        let stored: [Float] = [1, 2, 3, 4, 5, 6]  // A as [k, m] = [[1, 2, 3], [4, 5, 6]]
        let written: [Float] = [1, 4, 2, 5, 3, 6]  // Aᵀ as [m, k]
        var b: [Float] = [1, 0, 0, 1, 0, 1, 1, 0]  // [k, n]
        var viaFlag = [Float](repeating: 0, count: m * n)
        var viaCopy = viaFlag
        var a = stored
        BLAS.sgemm(.transposed, .none, m: m, n: n, k: k, a: &a, lda: m, b: &b, ldb: n, c: &viaFlag, ldc: n)
        a = written
        BLAS.sgemm(.none, .none, m: m, n: n, k: k, a: &a, lda: k, b: &b, ldb: n, c: &viaCopy, ldc: n)
        #expect(viaFlag == viaCopy)
        // Row 0 of Aᵀ is [1, 4]: times B's columns [1, 0], [0, 1], [0, 1], [1, 0].
        #expect(Array(viaFlag.prefix(4)) == [1, 4, 4, 1])
    }

    @Test func coreNameNamesAKernel() {
        let name = BLAS.coreName
        #expect(!name.isEmpty && name != "unknown")
        #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "\(name)")
    }

    /// Only one thread is tried: the count is process-wide, and other suites (and the trainer)
    /// rely on OpenBLAS running on one thread while they compare results bit for bit.
    @Test func theThreadCountSetIsTheOneOpenBLASUses() {
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
        // One thread still multiplies correctly, on a shape large enough for OpenBLAS to split if it could.
        let product = Product(transA: .none, transB: .none, m: 96, n: 80, k: 64, pad: 1)
        let (fast, reference) = (product.sgemm(), product.naive())
        #expect(zip(fast, reference).allSatisfy { abs($0 - $1) <= 1e-3 })
    }
}
