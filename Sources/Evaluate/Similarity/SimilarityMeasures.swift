/// Study 003's three ways to compare two activation vectors of one layer, each in double
/// precision over the float32 values.
///
/// The study flattens all of a layer's feature maps into one vector per stimulus and compares
/// pairs of vectors u, v of length n.
public enum SimilarityMeasures {
    /// Pearson's r = Σ(uᵢ − ū)(vᵢ − v̄) / √(Σ(uᵢ − ū)² · Σ(vᵢ − v̄)²), as `numpy.corrcoef`.
    /// (The study prints the numerator as Σ VᵢVᵢ − n·Ū·V̄, a typo for Σ UᵢVᵢ − n·Ū·V̄; both
    /// forms are this one.) Nil when either vector is constant: r is undefined there.
    public static func pearson(_ u: [Float], _ v: [Float]) -> Double? {
        precondition(u.count == v.count, "vectors of one layer have one length")
        guard !u.isEmpty else { return nil }
        let n = Double(u.count)
        var meanU = 0.0, meanV = 0.0
        for i in u.indices {
            meanU += Double(u[i])
            meanV += Double(v[i])
        }
        meanU /= n
        meanV /= n
        var uv = 0.0, uu = 0.0, vv = 0.0
        for i in u.indices {
            let a = Double(u[i]) - meanU, b = Double(v[i]) - meanV
            uv += a * b
            uu += a * a
            vv += b * b
        }
        guard uu > 0, vv > 0 else { return nil }
        return uv / (uu * vv).squareRoot()
    }

    /// The cosine similarity u·v / (‖u‖‖v‖). Nil when either vector is all zeros.
    public static func cosine(_ u: [Float], _ v: [Float]) -> Double? {
        precondition(u.count == v.count, "vectors of one layer have one length")
        var uv = 0.0, uu = 0.0, vv = 0.0
        for i in u.indices {
            let a = Double(u[i]), b = Double(v[i])
            uv += a * b
            uu += a * a
            vv += b * b
        }
        guard uu > 0, vv > 0 else { return nil }
        return uv / (uu.squareRoot() * vv.squareRoot())
    }

    /// The study's normalised MSE: (1/n) Σ(uᵢ − vᵢ)², divided by the pair's maximum value,
    /// max over i of max(|uᵢ|, |vᵢ|). The study normalises "for each pair by its maximum
    /// value" so that layers of different scales compare; it divides by the maximum itself, not
    /// its square, and so does this. Absolute values keep the divisor positive for layers with
    /// negative activations (logits, batch norm outputs); after a ReLU they are the values. 0 for
    /// a pair of all-zero vectors (they are equal).
    public static func normalisedMSE(_ u: [Float], _ v: [Float]) -> Double {
        precondition(u.count == v.count, "vectors of one layer have one length")
        guard !u.isEmpty else { return 0 }
        var sum = 0.0, maximum = 0.0
        for i in u.indices {
            let a = Double(u[i]), b = Double(v[i])
            sum += (a - b) * (a - b)
            maximum = max(maximum, abs(a), abs(b))
        }
        return maximum > 0 ? sum / Double(u.count) / maximum : 0
    }
}
