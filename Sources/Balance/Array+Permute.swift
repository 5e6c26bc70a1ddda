extension Array {
    /// Rearranges the elements in place so that element i becomes the one that was at
    /// `order[i]`; `order` must be a permutation of the indices. Follows each cycle once, with
    /// one bit per element to mark what is done, so no second array of elements is made.
    mutating func permute(takingFrom order: [Int32]) {
        precondition(order.count == count)
        var done = [UInt64](repeating: 0, count: (count + 63) / 64)
        func isDone(_ i: Int) -> Bool { done[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        for start in indices where !isDone(start) {
            let first = self[start]
            var i = start
            while true {
                done[i >> 6] |= 1 << UInt64(i & 63)
                let from = Int(order[i])
                if from == start {
                    self[i] = first
                    break
                }
                self[i] = self[from]
                i = from
            }
        }
    }
}
