/// Batch normalisation kernels over `x` laid out `[N, C, S]` (S = H·W for `BatchNorm2d`, 1 for
/// `BatchNorm1d` on `[N, C]`), after PyTorch's `batch_norm_cpu` kernels.
///
/// Per channel c, with M = N·S values: μ = Σx / M, σ² = Σ(x − μ)² / M (biased), invstd =
/// 1 / √(σ² + ε), and y = x · (γ · invstd) + (β − μ · γ · invstd). Sums are taken in float64, as
/// PyTorch's CPU kernels do (its `acc_type<float>` is double), one channel per task, over n then
/// s in a fixed order, so results are bit-identical whatever the thread count.
///
/// Backward (training), with the batch statistics differentiated through (PyTorch's formula):
/// Σdy, dot = Σ dy · (x − μ), k = dot · invstd² / M, and
/// dx = (dy − Σdy / M − (x − μ) · k) · invstd · γ, dγ = dot · invstd, dβ = Σdy.
public enum BatchNormKernels {
    /// Per-channel batch mean and biased variance, each in float64, into `mean` and `variance`
    /// (`[C]`).
    ///
    /// One pass over x: sums of d = x − K and d² with K the channel's first value, then
    /// σ² = (Σd² − (Σd)² / M) / M. The shift keeps the subtraction well conditioned when the mean
    /// is large against the spread, and float64 leaves an error far below float32's resolution;
    /// a second pass for Σ(x − μ)² would read every activation again for nothing.
    public static func statistics(
        x: UnsafePointer<Float>, n: Int, c: Int, s: Int,
        mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>, threads: Int
    ) {
        let m = Double(n * s)
        Parallel.forEach(c, threads: threads) { ch in
            let shift = Double(x[ch * s])
            var sum = 0.0, squares = 0.0
            for i in 0..<n {
                let (t, q) = planeShiftedSums(x + (i * c + ch) * s, s, shift)
                sum += t
                squares += q
            }
            mean[ch] = shift + sum / m
            variance[ch] = max(0, (squares - sum * sum / m) / m)
        }
    }

    /// y = x · scale[c] + shift[c] over `[N, C, S]`, channels in parallel.
    public static func affine(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, n: Int, c: Int, s: Int,
        scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, threads: Int
    ) {
        Parallel.forEach(c, threads: threads) { ch in
            let a = scale[ch], b = shift[ch]
            for i in 0..<n {
                let xp = x + (i * c + ch) * s, yp = y + (i * c + ch) * s
                for j in 0..<s { yp[j] = xp[j] * a + b }
            }
        }
    }

    /// Per channel, Σdy and Σ dy · (x − mean[c]) in float64, into `sumDY` and `dot` (`[C]`).
    public static func gradientSums(
        x: UnsafePointer<Float>, dy: UnsafePointer<Float>, n: Int, c: Int, s: Int, mean: UnsafePointer<Double>,
        sumDY: UnsafeMutablePointer<Double>, dot: UnsafeMutablePointer<Double>, threads: Int
    ) {
        Parallel.forEach(c, threads: threads) { ch in
            var total = 0.0, products = 0.0
            for i in 0..<n {
                let offset = (i * c + ch) * s
                let (t, p) = planeGradientSums(x + offset, dy + offset, s, mean[ch])
                total += t
                products += p
            }
            sumDY[ch] = total
            dot[ch] = products
        }
    }

    /// dx = (dy − meanDY[c] − (x − mean[c]) · k[c]) · scale[c] over `[N, C, S]`, PyTorch's form
    /// (x − μ is taken first so a large mean does not cancel digits away). Training passes
    /// meanDY = Σdy / M, k = dot · invstd² / M, scale = invstd · γ; evaluation passes
    /// meanDY = k = 0, since the running statistics are constants.
    public static func inputGradient(
        x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, n: Int, c: Int, s: Int,
        mean: UnsafePointer<Float>, meanDY: UnsafePointer<Float>, k: UnsafePointer<Float>,
        scale: UnsafePointer<Float>, threads: Int
    ) {
        Parallel.forEach(c, threads: threads) { ch in
            let mu = mean[ch], g = meanDY[ch], kc = k[ch], sc = scale[ch]
            for i in 0..<n {
                let offset = (i * c + ch) * s
                let xp = x + offset, dyp = dy + offset, dxp = dx + offset
                for j in 0..<s { dxp[j] = (dyp[j] - g - (xp[j] - mu) * kc) * sc }
            }
        }
    }

    // MARK: - Plane sums (eight float64 lanes, then a fixed reduction: the same order every run)

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Double> {
        SIMD8<Double>(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self))
    }

    @inline(__always)
    static func reduce(_ v: SIMD8<Double>) -> Double {
        ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
    }

    static func planeShiftedSums(
        _ p: UnsafePointer<Float>, _ count: Int, _ shift: Double
    ) -> (sum: Double, squares: Double) {
        var sums = SIMD8<Double>(), squares = SIMD8<Double>()
        let k = SIMD8<Double>(repeating: shift)
        var i = 0
        while i + 8 <= count {
            let d = load(p, i) - k
            sums += d
            squares += d * d
            i += 8
        }
        var sum = 0.0, square = 0.0
        while i < count {
            let d = Double(p[i]) - shift
            sum += d
            square += d * d
            i += 1
        }
        return (reduce(sums) + sum, reduce(squares) + square)
    }

    static func planeGradientSums(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ count: Int, _ mean: Double
    ) -> (sum: Double, dot: Double) {
        var sums = SIMD8<Double>(), dots = SIMD8<Double>()
        let mu = SIMD8<Double>(repeating: mean)
        var i = 0
        while i + 8 <= count {
            let g = load(dy, i)
            sums += g
            dots += g * (load(x, i) - mu)
            i += 8
        }
        var sum = 0.0, dot = 0.0
        while i < count {
            let g = Double(dy[i])
            sum += g
            dot += g * (Double(x[i]) - mean)
            i += 1
        }
        return (reduce(sums) + sum, reduce(dots) + dot)
    }

    // MARK: - Reference

    /// The reference training forward over `[N, C, S]`: statistics and output straight from the
    /// definition, one element at a time. Returns y, the batch mean and the biased variance.
    public static func trainingForwardNaive(
        x: [Float], n: Int, c: Int, s: Int, weight: [Float], bias: [Float], eps: Float
    ) -> (y: [Float], mean: [Double], variance: [Double]) {
        var y = [Float](repeating: 0, count: x.count)
        var means = [Double](), variances = [Double]()
        for ch in 0..<c {
            let indices = (0..<n).flatMap { i in ((i * c + ch) * s)..<((i * c + ch) * s + s) }
            let mean = indices.reduce(0.0) { $0 + Double(x[$1]) } / Double(n * s)
            let variance = indices.reduce(0.0) { $0 + (Double(x[$1]) - mean) * (Double(x[$1]) - mean) } / Double(n * s)
            let invstd = 1 / (variance + Double(eps)).squareRoot()
            for k in indices { y[k] = Float((Double(x[k]) - mean) * invstd * Double(weight[ch]) + Double(bias[ch])) }
            means.append(mean)
            variances.append(variance)
        }
        return (y, means, variances)
    }

    /// The reference training backward over `[N, C, S]`: dx, dγ and dβ from the definition.
    public static func trainingBackwardNaive(
        x: [Float], dy: [Float], n: Int, c: Int, s: Int, weight: [Float], eps: Float
    ) -> (dx: [Float], dWeight: [Float], dBias: [Float]) {
        var dx = [Float](repeating: 0, count: x.count)
        var dWeight = [Float](), dBias = [Float]()
        let m = Double(n * s)
        for ch in 0..<c {
            let indices = (0..<n).flatMap { i in ((i * c + ch) * s)..<((i * c + ch) * s + s) }
            let mean = indices.reduce(0.0) { $0 + Double(x[$1]) } / m
            let variance = indices.reduce(0.0) { $0 + (Double(x[$1]) - mean) * (Double(x[$1]) - mean) } / m
            let invstd = 1 / (variance + Double(eps)).squareRoot()
            let sumDY = indices.reduce(0.0) { $0 + Double(dy[$1]) }
            let dot = indices.reduce(0.0) { $0 + Double(dy[$1]) * (Double(x[$1]) - mean) }
            for k in indices {
                let xhat = (Double(x[k]) - mean) * invstd
                dx[k] = Float(Double(weight[ch]) * invstd * (Double(dy[k]) - sumDY / m - xhat * dot * invstd / m))
            }
            dWeight.append(Float(dot * invstd))
            dBias.append(Float(sumDY))
        }
        return (dx, dWeight, dBias)
    }
}
