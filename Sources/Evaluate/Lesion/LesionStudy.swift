/// Study 000's lesion experiment on one layer, with the greedy search and the random control.
///
/// Steps: every filter lesioned alone (`FilterSweep`); for each task the top `fraction` of
/// filters by drop ratio, lesioned together; for each task in `greedyTasks` the greedy set of
/// the same size; and `randomDraws` random sets of that size. Every set reports each task's
/// accuracy and drop ratio, so a set chosen for one task shows what it costs the other.
public struct LesionStudy {
    /// The share of the layer's filters in each set (study 000: 0.2).
    public var fraction: Double
    /// The tasks to run the greedy search for (all by default).
    public var greedyTasks: [Int]?
    /// The number of random sets.
    public var randomDraws: Int
    public var seed: UInt64

    public init(
        fraction: Double = 0.2, greedyTasks: [Int]? = nil, randomDraws: Int = 10, seed: UInt64 = 0
    )
        throws(LesionError)
    {
        guard fraction > 0, fraction <= 1 else {
            throw .option("--fraction \(fraction): must be above 0 and at most 1")
        }
        guard randomDraws >= 0 else { throw .option("--random-draws \(randomDraws): must be 0 or more") }
        self.fraction = fraction
        self.greedyTasks = greedyTasks
        self.randomDraws = randomDraws
        self.seed = seed
    }

    /// The set size for a layer of `channels` filters: the fraction rounded to the nearest whole
    /// filter (51 of 256 for 20 %), at least one.
    public func setSize(channels: Int) -> Int {
        min(channels, max(1, Int((fraction * Double(channels)).rounded())))
    }

    /// Runs the study; `sweep` is the single-filter sweep when the caller has made it already.
    public func run(_ evaluator: LesionEvaluator, sweep: FilterSweep? = nil) -> LesionReport {
        let tasks = evaluator.data.taskNames
        let size = setSize(channels: evaluator.site.channels)
        let sweep = sweep ?? FilterSweep(evaluator)
        func entry(_ name: String, kind: LesionReport.SetKind, task: Int?, _ filters: [Int]) -> LesionReport.LesionSet {
            let scores = evaluator.score(filters)
            return .init(
                name: name, kind: kind, task: task.map { tasks[$0] }, filters: filters, accuracy: scores.accuracy,
                drop: evaluator.drops(scores))
        }
        var sets = tasks.indices.map { t in entry("top \(tasks[t])", kind: .top, task: t, sweep.top(size, task: t)) }
        var searches: [GreedyLesionSearch] = []
        for t in greedyTasks ?? Array(tasks.indices) {
            let search = GreedyLesionSearch(evaluator, task: t, size: size)
            searches.append(search)
            sets.append(entry("greedy \(tasks[t])", kind: .greedy, task: t, search.filters))
        }
        let control = RandomLesionControl(evaluator, size: size, draws: randomDraws, seed: seed)
        if randomDraws > 0 {
            sets.append(
                .init(
                    name: "random", kind: .random, task: nil, filters: [], accuracy: control.accuracyMean,
                    drop: control.dropMean, accuracyStd: control.accuracyStd, dropStd: control.dropStd))
        }
        return LesionReport(
            site: evaluator.site, measure: "top-\(evaluator.measure.k)", tasks: tasks,
            examples: evaluator.data.examplesPerTask, intactAccuracy: evaluator.intact.accuracy, fraction: fraction,
            setSize: size, sweep: sweep, sets: sets, greedy: searches, random: control)
    }
}
