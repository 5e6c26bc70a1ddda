/// Dynamic time warping between two feature sequences.
///
/// Steps (1,0), (0,1) and (1,1), each costing the local distance once, which lets either
/// sequence run at up to any speed relative to the other; the benchmark found no gain from
/// slope constraints on speech restricted to its speech span. The ends may be left partly open:
/// `startSlack` frames of `y` may be skipped before the path starts, and `endSlack` frames at the
/// end, so a speech span detected a little too wide does not force the first word onto a breath.
public enum DTW {
    /// A monotone path of (x index, y index) pairs from the start of `x` to its end.
    public struct Path: Sendable, Equatable {
        public var pairs: [(x: Int, y: Int)]
        /// Mean local distance along the path.
        public var meanCost: Double
        /// Local distance at each pair.
        public var costs: [Double]

        public static func == (a: Path, b: Path) -> Bool {
            a.pairs.elementsEqual(b.pairs, by: { $0 == $1 }) && a.meanCost == b.meanCost
        }

        /// The first and last `y` index matched with `x` index `i`.
        public func yRange(forX i: Int) -> ClosedRange<Int>? {
            var lo: Int?
            var hi: Int?
            for p in pairs where p.x == i {
                lo = min(lo ?? p.y, p.y)
                hi = max(hi ?? p.y, p.y)
            }
            guard let lo, let hi else { return nil }
            return lo...hi
        }
    }

    /// Aligns sequences of `x.count` and `y.count` frames, given their local distance.
    public static func align(
        xCount n: Int, yCount m: Int, startSlack: Int = 0, endSlack: Int = 0,
        distance: (Int, Int) -> Double
    ) -> Path {
        precondition(n > 0 && m > 0, "DTW needs two non-empty sequences")
        let inf = Double.infinity
        var local = [Double](repeating: 0, count: n * m)
        var acc = [Double](repeating: inf, count: n * m)
        for i in 0..<n { for j in 0..<m { local[i * m + j] = distance(i, j) } }
        for i in 0..<n {
            for j in 0..<m {
                let d = local[i * m + j]
                if i == 0 && (j == 0 || j <= startSlack) {
                    // An open start: the path may begin at any of the first startSlack + 1 frames of y.
                    acc[j] = j == 0 ? d : min(d, acc[j - 1] + d)
                    continue
                }
                var best = inf
                if i > 0 { best = min(best, acc[(i - 1) * m + j]) }
                if j > 0 { best = min(best, acc[i * m + j - 1]) }
                if i > 0 && j > 0 { best = min(best, acc[(i - 1) * m + j - 1]) }
                acc[i * m + j] = best + d
            }
        }
        // An open end: the best of the last endSlack + 1 columns of the last row.
        var endJ = m - 1
        for j in max(0, m - 1 - endSlack)..<m where acc[(n - 1) * m + j] < acc[(n - 1) * m + endJ] { endJ = j }
        var pairs: [(x: Int, y: Int)] = [(n - 1, endJ)]
        var (i, j) = (n - 1, endJ)
        while i > 0 || j > 0 {
            if i == 0 {
                if j <= startSlack && local[j] == acc[j] { break }
                j -= 1
            } else if j == 0 {
                i -= 1
            } else {
                let diag = acc[(i - 1) * m + j - 1], up = acc[(i - 1) * m + j], left = acc[i * m + j - 1]
                if diag <= up && diag <= left { i -= 1; j -= 1 } else if up <= left { i -= 1 } else { j -= 1 }
            }
            pairs.append((i, j))
        }
        pairs.reverse()
        let costs = pairs.map { local[$0.x * m + $0.y] }
        return Path(pairs: pairs, meanCost: costs.reduce(0, +) / Double(costs.count), costs: costs)
    }
}
