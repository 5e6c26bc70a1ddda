import Foundation

/// `X ≥ 0` minimising `‖A·X − B‖²`, column by column: the inversion of a mel filterbank as
/// `librosa.util.nnls` does it (`librosa.feature.inverse.mel_to_stft`), with `A` the filterbank
/// `[m × n]` (bands × FFT bins, m < n, so the problem has many solutions and the start and the
/// stopping rule choose one).
///
/// librosa minimises `f(X) = ½‖A·X − B‖² / (m·T)` (T columns) with scipy's L-BFGS-B, bounded
/// below by 0, starting from the projected least-squares solution `max(pinv(A)·B, 0)`, and stops
/// with scipy's defaults: the largest projected-gradient entry at most `pgtol = 1e-5`, or a
/// relative decrease `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)` at most `factr · ε = 1e7 · 2.2e-16`,
/// or 15,000 iterations. melshard minimises the same `f` from the same start with the same three
/// rules, by accelerated projected gradient descent (FISTA, Beck and Teboulle 2009, with a
/// restart whenever `f` rises, so that `f` never increases): the problem is convex, so both
/// descend towards the same set of minimisers, and the rules stop them at the same tolerances.
/// The iterates differ from L-BFGS-B's, so the results agree to the tolerances, not bit for bit.
/// Since `f` is divided by `m·T` and measured against 1, for spectrograms of ordinary level the
/// relative-decrease rule ends both solvers within a few iterations of the start, as in librosa.
///
/// `pinv(A)` is `Aᵀ·(A·Aᵀ)⁺`, from the eigendecomposition of the `m × m` Gram matrix
/// (`SymmetricEigen`), eigenvalues below `1e-14 ×` the largest treated as zero (numpy's `pinv`
/// cuts singular values below `1e-15 ×` the largest, σ² = λ: the Gram matrix cannot resolve
/// smaller ones; a filterbank's are either far above or exactly 0, an empty band).
///
/// Everything runs in float64. `solve` uses each filter's band of non-zero bins (a mel filter
/// covers a few dozen of 1025 bins); `solveNaive` is the same iteration with dense loops, the
/// reference it is tested against.
public struct NonNegativeLeastSquares: Sendable {
    /// `[m × n]` row-major.
    public let a: [Double]
    public let m: Int
    public let n: Int
    /// Per row of A: the first non-zero column and one past the last (empty rows: 0..<0).
    let bands: [Range<Int>]
    /// `pinv(A)`, `[n × m]` row-major.
    let pseudoInverse: [Double]
    /// The largest eigenvalue of `A·Aᵀ`: the Lipschitz constant of `A^T(A·X − B)`.
    let lipschitz: Double

    public struct Options: Sendable {
        public var maxIterations = 15000
        /// scipy's `pgtol`.
        public var projectedGradientTolerance = 1e-5
        /// scipy's `factr · ε`.
        public var relativeDecrease = 1e7 * Double.ulpOfOne
        public init() {}
    }

    public init(a: [Double], rows m: Int, columns n: Int) {
        precondition(a.count == m * n && m >= 1 && n >= 1, "\(a.count) values for \(m) × \(n)")
        (self.a, self.m, self.n) = (a, m, n)
        bands = (0..<m).map { r in
            let row = a[(r * n)..<((r + 1) * n)]
            guard let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) else {
                return 0..<0
            }
            return (first - r * n)..<(last - r * n + 1)
        }
        var gram = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in i..<m {
                var sum = 0.0
                for k in 0..<n { sum += a[i * n + k] * a[j * n + k] }
                (gram[i * m + j], gram[j * m + i]) = (sum, sum)
            }
        }
        let (values, vectors) = SymmetricEigen.decompose(gram, n: m)
        let largest = values.max() ?? 0
        lipschitz = largest
        // (A·Aᵀ)⁺ = Σ u·uᵀ / λ over the eigenvalues kept.
        var gramInverse = [Double](repeating: 0, count: m * m)
        for j in 0..<m where values[j] > 1e-14 * largest {
            for p in 0..<m {
                let up = vectors[p * m + j] / values[j]
                for q in 0..<m { gramInverse[p * m + q] += up * vectors[q * m + j] }
            }
        }
        var pinv = [Double](repeating: 0, count: n * m)
        for k in 0..<n {
            for q in 0..<m {
                var sum = 0.0
                for p in 0..<m { sum += a[p * n + k] * gramInverse[p * m + q] }
                pinv[k * m + q] = sum
            }
        }
        pseudoInverse = pinv
    }

    /// `b` `[m × T]` row-major → `X` `[n × T]` row-major, with the banded products.
    public func solve(_ b: [Double], columns t: Int, options: Options = Options()) -> (x: [Double], iterations: Int) {
        iterate(b, columns: t, options: options, product: bandedProduct, adjoint: bandedAdjoint)
    }

    /// The same as `solve` with dense products: the reference.
    public func solveNaive(
        _ b: [Double], columns t: Int, options: Options = Options()
    ) -> (
        x: [Double], iterations: Int
    ) {
        iterate(b, columns: t, options: options, product: denseProduct, adjoint: denseAdjoint)
    }

    /// The starting point: `max(pinv(A)·b, 0)`, `[n × T]`.
    public func projectedLeastSquares(_ b: [Double], columns t: Int) -> [Double] {
        var x = [Double](repeating: 0, count: n * t)
        for k in 0..<n {
            for q in 0..<m {
                let w = pseudoInverse[k * m + q]
                guard w != 0 else { continue }
                for c in 0..<t { x[k * t + c] += w * b[q * t + c] }
            }
        }
        return x.map { max($0, 0) }
    }

    private typealias Product = (_ x: [Double], _ t: Int) -> [Double]

    private func iterate(
        _ b: [Double], columns t: Int, options: Options, product: Product, adjoint: Product
    ) -> (x: [Double], iterations: Int) {
        precondition(b.count == m * t, "\(b.count) values for \(m) × \(t)")
        let scale = 1 / Double(m * t)
        // f and its gradient at x, both scaled as librosa's objective.
        func evaluate(_ x: [Double]) -> (f: Double, gradient: [Double]) {
            var residual = product(x, t)
            var sum = 0.0
            for i in residual.indices {
                residual[i] -= b[i]
                sum += residual[i] * residual[i]
            }
            return (0.5 * scale * sum, adjoint(residual, t).map { $0 * scale })
        }
        // scipy's projected gradient for a lower bound of 0: g where x can move down freely or
        // g < 0, else min(x, g).
        func projectedGradientNorm(_ x: [Double], _ g: [Double]) -> Double {
            var worst = 0.0
            for i in x.indices { worst = max(worst, g[i] < 0 ? -g[i] : min(x[i], g[i])) }
            return worst
        }
        var x = projectedLeastSquares(b, columns: t)
        guard lipschitz > 0 else { return (x, 0) }
        let step = 1 / (lipschitz * scale)
        var (f, g) = evaluate(x)
        var y = x, gy = g, momentum = 1.0
        var iterations = 0
        while iterations < options.maxIterations {
            if projectedGradientNorm(x, g) <= options.projectedGradientTolerance { break }
            iterations += 1
            var next = [Double](repeating: 0, count: x.count)
            for i in next.indices { next[i] = max(y[i] - step * gy[i], 0) }
            let (fNext, gNext) = evaluate(next)
            if fNext > f {
                // Momentum overshot: restart from x with a plain projected gradient step.
                if y == x { break }
                (y, gy, momentum) = (x, g, 1)
                continue
            }
            let decrease = (f - fNext) / max(abs(f), abs(fNext), 1)
            let nextMomentum = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
            let weight = (momentum - 1) / nextMomentum
            for i in y.indices { y[i] = next[i] + weight * (next[i] - x[i]) }
            (x, f, g, momentum) = (next, fNext, gNext, nextMomentum)
            if decrease <= options.relativeDecrease { break }
            gy = weight == 0 ? g : evaluate(y).gradient
        }
        return (x, iterations)
    }

    /// `A·x`: `[n × T]` → `[m × T]`, each row over its band only.
    private func bandedProduct(_ x: [Double], _ t: Int) -> [Double] {
        var y = [Double](repeating: 0, count: m * t)
        for r in 0..<m {
            for k in bands[r] {
                let w = a[r * n + k]
                for c in 0..<t { y[r * t + c] += w * x[k * t + c] }
            }
        }
        return y
    }

    /// `Aᵀ·r`: `[m × T]` → `[n × T]`.
    private func bandedAdjoint(_ r: [Double], _ t: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n * t)
        for row in 0..<m {
            for k in bands[row] {
                let w = a[row * n + k]
                for c in 0..<t { y[k * t + c] += w * r[row * t + c] }
            }
        }
        return y
    }

    private func denseProduct(_ x: [Double], _ t: Int) -> [Double] {
        var y = [Double](repeating: 0, count: m * t)
        for r in 0..<m { for c in 0..<t { y[r * t + c] = (0..<n).reduce(0.0) { $0 + a[r * n + $1] * x[$1 * t + c] } } }
        return y
    }

    private func denseAdjoint(_ r: [Double], _ t: Int) -> [Double] {
        var y = [Double](repeating: 0, count: n * t)
        for k in 0..<n { for c in 0..<t { y[k * t + c] = (0..<m).reduce(0.0) { $0 + a[$1 * n + k] * r[$1 * t + c] } } }
        return y
    }
}
