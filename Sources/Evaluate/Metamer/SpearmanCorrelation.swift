/// Spearman's rank correlation: Pearson's correlation of the two vectors' ranks, tied values
/// sharing their mean rank (`scipy.stats.spearmanr`'s definition).
public enum SpearmanCorrelation {
    /// ρ of `a` and `b` (the same length), or nil when either has fewer than two values or all
    /// its values equal (no ranks to correlate).
    public static func of(_ a: [Float], _ b: [Float]) -> Double? {
        precondition(a.count == b.count, "Spearman's correlation needs two vectors of one length")
        guard a.count >= 2 else { return nil }
        let (ra, rb) = (ranks(a), ranks(b))
        let n = Double(a.count)
        let (ma, mb) = (ra.reduce(0, +) / n, rb.reduce(0, +) / n)
        var (sab, saa, sbb) = (0.0, 0.0, 0.0)
        for i in ra.indices {
            let (da, db) = (ra[i] - ma, rb[i] - mb)
            sab += da * db
            saa += da * da
            sbb += db * db
        }
        guard saa > 0, sbb > 0 else { return nil }
        return max(-1, min(1, sab / (saa * sbb).squareRoot()))
    }

    /// Ranks from 1, ties given the mean of the ranks they span.
    static func ranks(_ x: [Float]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && x[order[end + 1]] == x[order[start]] { end += 1 }
            let mean = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = mean }
            start = end + 1
        }
        return ranks
    }
}
