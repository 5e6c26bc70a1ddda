/// Everything a lesion study found, as plain values: what `--json` prints and the charts draw.
public struct LesionReport: Sendable, Equatable, Codable {
    public enum SetKind: String, Sendable, Equatable, Codable {
        /// The filters with the largest single-filter drop ratios on one task.
        case top
        /// The greedy search's set for one task.
        case greedy
        /// The mean over the random draws (the filters differ per draw: `random.draws`).
        case random
    }

    /// One set of filters lesioned together.
    public struct LesionSet: Sendable, Equatable, Codable {
        /// `top music`, `greedy words`, `random`.
        public var name: String
        public var kind: SetKind
        /// The task the set was chosen for; nil for the random control.
        public var task: String?
        public var filters: [Int]
        /// Per task, the accuracy with the set lesioned (the mean over draws for `random`).
        public var accuracy: [Double]
        /// Per task, the drop ratio (the mean over draws for `random`).
        public var drop: [Double]
        /// For `random`: per task, the draws' sample standard deviations.
        public var accuracyStd: [Double]?
        public var dropStd: [Double]?
    }

    public var site: LesionSite
    /// `top-1` or `top-5`.
    public var measure: String
    public var tasks: [String]
    /// The number of examples of each task.
    public var examples: [Int]
    /// Per task, the intact network's accuracy.
    public var intactAccuracy: [Double]
    public var fraction: Double
    /// The number of filters in each set.
    public var setSize: Int
    public var sweep: FilterSweep
    /// The top sets (one per task), the greedy sets, then the random control's mean.
    public var sets: [LesionSet]
    public var greedy: [GreedyLesionSearch]
    public var random: RandomLesionControl
}
