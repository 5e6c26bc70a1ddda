/// Every source's classes, by source id: what the index's `source_labels` holds.
///
/// Flat rather than a map of arrays: a plan keeps one entry per source, a million at study
/// 000's scale, and a dictionary entry with an array of its own took about 100 bytes of each
/// where this takes 20, and 4 a class (docs/build.md, "Memory").
public struct SourceLabels: Sendable {
    /// In the order added.
    private var ids: [Int64] = []
    /// Entry k's classes are `classes[starts[k] ..< starts[k + 1]]` (the last up to the end).
    private var starts: [Int32] = []
    private var classes: [Int32] = []
    /// Entry positions by id, and for equal ids in the order added; made by `finish`.
    private var byID: [Int32] = []

    public init() {}

    /// Each source's classes (indices into the plan's labels, ascending), in any order; an id
    /// given twice keeps its last classes, as a dictionary would.
    public init(_ entries: some Sequence<(id: Int64, classes: [Int])>) {
        for (id, classes) in entries { append(id: id, classes: classes) }
        finish()
    }

    /// Adds a source; `finish` must follow the last one before any lookup.
    mutating func append(id: Int64, classes: some Sequence<Int>) {
        precondition(ids.count < Int(Int32.max) && self.classes.count < Int(Int32.max), "too many source classes")
        ids.append(id)
        starts.append(Int32(self.classes.count))
        self.classes += classes.map { Int32($0) }
    }

    mutating func finish() {
        byID = (0..<Int32(ids.count)).sorted { (ids[Int($0)], $0) < (ids[Int($1)], $1) }
    }

    /// How many sources are listed (counted on each call; only the tests ask).
    public var count: Int { byID.indices.count { isLastOfItsID($0) } }

    /// The classes of the source `id`, or nil when it is not listed.
    public subscript(id: Int64) -> [Int]? {
        // The first position past `id`'s entries; the one before it is the last added.
        var (low, high) = (0, byID.count)
        while low < high {
            let middle = (low + high) / 2
            if ids[Int(byID[middle])] <= id { low = middle + 1 } else { high = middle }
        }
        guard low > 0, ids[Int(byID[low - 1])] == id else { return nil }
        return classes(of: Int(byID[low - 1]))
    }

    /// Every source's classes, in id order.
    public var values: some Sequence<[Int]> {
        byID.indices.lazy.filter(isLastOfItsID).map { classes(of: Int(byID[$0])) }
    }

    private func isLastOfItsID(_ k: Int) -> Bool {
        k + 1 == byID.count || ids[Int(byID[k + 1])] != ids[Int(byID[k])]
    }

    private func classes(of entry: Int) -> [Int] {
        let end = entry + 1 < starts.count ? Int(starts[entry + 1]) : classes.count
        return classes[Int(starts[entry])..<end].map { Int($0) }
    }
}
