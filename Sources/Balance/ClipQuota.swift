/// Shares N clips among sources as evenly as their capacities allow: each gets ⌊N/s⌋ or
/// ⌈N/s⌉, the extra ones going to the first sources in the given (seeded) order; a source
/// that holds fewer gives what it holds and the rest is spread over the others.
enum ClipQuota {
    /// - Returns: clips per source, in the order of `capacities`; their sum is below `total`
    ///   only when the capacities together hold fewer.
    static func share(_ total: Int, capacities: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: capacities.count)
        var remaining = total
        while remaining > 0 {
            let open = capacities.indices.filter { counts[$0] < capacities[$0] }
            if open.isEmpty { break }
            let share = remaining / open.count
            if share == 0 {
                for i in open.prefix(remaining) { counts[i] += 1 }
                break
            }
            for i in open {
                let add = min(share, capacities[i] - counts[i])
                counts[i] += add
                remaining -= add
            }
        }
        return counts
    }
}
