import MelshardCore

/// The control for a lesion set: as many filters drawn at random, several times, so a set's drop
/// can be read against what any set of its size does.
///
/// Draw d takes its filters from `SeededRandom(seed:, stream: "lesion/random/d")` by a partial
/// Fisher–Yates shuffle, so a draw depends on the seed, its number, the set size and the number of
/// filters only.
public struct RandomLesionControl: Sendable, Equatable, Codable {
    /// One draw: its filters (ascending), each task's accuracy and drop ratio.
    public struct Draw: Sendable, Equatable, Codable {
        public var filters: [Int]
        public var accuracy: [Double]
        public var drop: [Double]
    }

    public var seed: UInt64
    public var draws: [Draw]
    /// Per task, the draws' mean accuracy and its sample standard deviation (n − 1; 0 for one draw).
    public var accuracyMean: [Double], accuracyStd: [Double]
    /// Per task, the draws' mean drop ratio and its sample standard deviation.
    public var dropMean: [Double], dropStd: [Double]

    public init(_ evaluator: LesionEvaluator, size: Int, draws count: Int, seed: UInt64) {
        self.seed = seed
        let channels = evaluator.site.channels
        draws = (0..<count).map { d in
            let filters = Self.draw(size, of: channels, seed: seed, draw: d)
            let scores = evaluator.score(filters)
            return Draw(filters: filters, accuracy: scores.accuracy, drop: evaluator.drops(scores))
        }
        let tasks = evaluator.data.taskNames.count
        (accuracyMean, accuracyStd) = Self.meanAndStd(draws.map(\.accuracy), tasks: tasks)
        (dropMean, dropStd) = Self.meanAndStd(draws.map(\.drop), tasks: tasks)
    }

    /// `size` distinct filters of `0..<channels`, ascending.
    public static func draw(_ size: Int, of channels: Int, seed: UInt64, draw: Int) -> [Int] {
        var random = SeededRandom(seed: seed, stream: "lesion/random/\(draw)")
        var pool = Array(0..<channels)
        for i in 0..<min(size, channels) {
            let j = i + Int(random.next() % UInt64(channels - i))
            pool.swapAt(i, j)
        }
        return pool.prefix(size).sorted()
    }

    static func meanAndStd(_ rows: [[Double]], tasks: Int) -> (mean: [Double], std: [Double]) {
        let n = Double(rows.count)
        let mean = (0..<tasks).map { t in rows.reduce(0) { $0 + $1[t] } / max(1, n) }
        let std = (0..<tasks).map { t in
            rows.count < 2 ? 0 : (rows.reduce(0) { $0 + ($1[t] - mean[t]) * ($1[t] - mean[t]) } / (n - 1)).squareRoot()
        }
        return (mean, std)
    }
}
