/// Each filter of the layer lesioned alone: its scores and drop ratios on every task.
public struct FilterSweep: Sendable, Equatable, Codable {
    /// One filter's result.
    public struct Filter: Sendable, Equatable, Codable {
        public var filter: Int
        /// Per task, the accuracy with this filter lesioned.
        public var accuracy: [Double]
        /// Per task, drop_f(X) = (acc(X) − acc_f(X)) / acc(X).
        public var drop: [Double]
    }

    /// Filters in index order.
    public var filters: [Filter]

    /// Lesions every filter of `evaluator`'s layer in turn.
    public init(_ evaluator: LesionEvaluator) {
        filters = (0..<evaluator.site.channels).map { f in
            let scores = evaluator.score([f])
            return Filter(filter: f, accuracy: scores.accuracy, drop: evaluator.drops(scores))
        }
    }

    /// The `count` filters with the largest drop ratio on `task`, largest first; equal ratios
    /// keep index order, so the choice is the same on every run.
    public func top(_ count: Int, task: Int) -> [Int] {
        filters.sorted { a, b in
            a.drop[task] != b.drop[task] ? a.drop[task] > b.drop[task] : a.filter < b.filter
        }.prefix(count).map(\.filter)
    }

    /// `task`'s drop ratios sorted from the largest down, for the sorted-drops chart.
    public func sortedDrops(task: Int) -> [Double] {
        filters.map { $0.drop[task] }.sorted(by: >)
    }
}
