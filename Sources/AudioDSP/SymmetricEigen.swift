import Foundation

/// Eigenvalues and eigenvectors of a small symmetric matrix in float64 by the cyclic Jacobi
/// method, for the pseudo-inverse of a mel filterbank (`NonNegativeLeastSquares`). Jacobi is
/// slow (O(n³) per sweep) but simple, unconditionally convergent and accurate for the small
/// eigenvalues too; a filterbank's Gram matrix is at most n_mels × n_mels.
enum SymmetricEigen {
    /// `matrix` `[n × n]` row-major (symmetric) → eigenvalues and eigenvectors (column j of
    /// `vectors`, `[n × n]` row-major, is the eigenvector of `values[j]`), in no particular order.
    static func decompose(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n, "\(matrix.count) values for \(n) × \(n)")
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += a[p * n + q] * a[p * n + q] } }
            if off <= 1e-30 * max(scale, .leastNormalMagnitude) { break }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    guard apq != 0 else { continue }
                    // The rotation that zeroes a[p][q] (Golub and Van Loan, Algorithm 8.4.1).
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
