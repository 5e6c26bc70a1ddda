import Foundation

/// Where to put tick marks on an axis: round values (1, 2 or 5 times a power of ten) about
/// `target` apart in count, as plotting libraries choose them.
enum AxisTicks {
    /// Round values in [low, high], about `count` of them.
    static func linear(_ low: Double, _ high: Double, count: Int = 6) -> [Double] {
        guard high > low, count > 0 else { return [low] }
        let raw = (high - low) / Double(count)
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        // Each tick is k · step, rounded to the step's decimals, so 3 × 0.2 is 0.6 and not 0.6000000000000001.
        let decimals = pow(10, max(0, -floor(log10(step))))
        let first = Int((low / step).rounded(.up)), last = Int((high / step + 1e-9).rounded(.down))
        return first <= last ? (first...last).map { (Double($0) * step * decimals).rounded() / decimals } : [low]
    }

    /// Frequencies for a mel axis from `low` to `high` Hz: the 1-2-5 series, thinned to fit.
    static func frequencies(_ low: Double, _ high: Double) -> [Double] {
        let series = [0.0, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]
        return series.filter { $0 >= low && $0 <= high }
    }

    /// A tick label: `2.5`, `10`, `500`, `2k`, `10k`.
    static func label(_ value: Double, thousands: Bool = false) -> String {
        if thousands && value >= 1000 { return label(value / 1000) + "k" }
        if value == value.rounded() { return String(Int(value)) }
        var s = String(format: "%.2f", value)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
