/// The check both front-end gradients share: for L(x) = Σ features(x) ⊙ upstream, every
/// sample's analytic ∂L/∂x against the central difference (L(x + h·e_i) − L(x − h·e_i)) / 2h.
enum FiniteDifferences {
    /// Σ features ⊙ upstream.
    static func loss(_ features: [Double], _ upstream: [Double]) -> Double {
        zip(features, upstream).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// max |numeric − analytic| over the samples, and max |analytic| to scale it by.
    static func worst(
        at x: [Double], analytic: [Double], upstream: [Double], h: Double = 1e-5,
        features: ([Double]) throws -> [Double]
    ) rethrows -> (error: Double, scale: Double) {
        var worst = 0.0
        for i in x.indices {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(try features(plus), upstream) - loss(try features(minus), upstream)) / (2 * h)
            worst = max(worst, abs(numeric - analytic[i]))
        }
        return (worst, analytic.map(abs).max() ?? 0)
    }
}
