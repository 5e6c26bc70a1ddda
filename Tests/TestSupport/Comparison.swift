import Foundation

/// Numerical comparisons that report where and by how much, like llm.c's `check_tensor`.
public enum Comparison {
    /// The largest |a − b| and where it occurs.
    public static func maxAbsDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> (value: Double, index: Int)
    where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
        precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
        var worst = (value: 0.0, index: -1)
        for (i, (x, y)) in zip(a, b).enumerated() {
            let d = abs(Double(x) - Double(y))
            if d > worst.value || d.isNaN { worst = (d, i) }
        }
        return worst
    }

    /// Signal-to-noise ratio of `estimate` against `reference`, in dB.
    public static func snr<A: Collection, B: Collection>(_ estimate: A, reference: B) -> Double
    where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
        var signal = 0.0, noise = 0.0
        for (e, r) in zip(estimate, reference) {
            signal += Double(r) * Double(r)
            noise += (Double(e) - Double(r)) * (Double(e) - Double(r))
        }
        return noise == 0 ? .infinity : 10 * log10(signal / noise)
    }
}
