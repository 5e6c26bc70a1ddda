import Build
import Foundation

/// The issue's goals. Defaults are the issue's; `rssGrowth` reads "memory flat" as "peak RSS
/// grows by at most this fraction when the corpus grows from the small size to the large one".
public struct BuildBenchGoals: Sendable, Codable {
    public var noopSeconds = 2.0
    public var noopClips = 100_000
    public var speedup = 1.8
    public var rssGrowth = 0.10

    public init() {}

    enum CodingKeys: String, CodingKey {
        case noopSeconds = "noop_seconds", noopClips = "noop_clips", speedup, rssGrowth = "rss_growth"
    }
}

/// One `melshard build` child process, measured.
public struct BuildMeasurement: Sendable, Codable {
    public var step: String
    public var jobs: Int
    /// From spawning the process to its exit: what a user waits.
    public var wall_seconds: Double
    /// The engine's own `seconds` from the report (no process start-up or exit).
    public var engine_seconds: Double
    public var peak_rss_mib: Double
    /// The child's user + system CPU time: near `jobs` × wall when the jobs really ran in parallel.
    public var cpu_seconds: Double
    /// Cores other processes on the machine kept busy meanwhile (from /proc/stat); what the
    /// benchmark could not control.
    public var other_cores: Double?
    /// The 1-minute load average just before the build.
    public var load_average: Double?
    public var clips: Int
    public var sources: Int
    public var shards: Int
    public var clips_per_second: Double
    public var rebuilt: Int
    public var reused: Int
    public var units: [String: BuildReport.UnitCounts]
    public var decoded_sources: Int
    public var shards_rewritten: Int
    /// Clips per shard in build order, from dataset.json (first builds only).
    public var shard_clips: [Int]?
    public var rejects: Int
    /// The child's stdout (the JSON report) and stderr, kept on disk.
    public var report_path: String
    public var stderr_path: String
}

/// Everything measured on one corpus.
public struct BuildBenchCorpusResult: Sendable, Codable {
    public var corpus: String
    public var role: String
    public var sources: Int
    public var clips_per_source: Int
    public var source_seconds: [Double]
    public var features: String
    public var files_generated: Int
    /// The first build found an earlier run's output and resumed or reused it.
    public var first_build_resumed: Bool
    /// The first build that stands for each job count (the median run when repeated).
    public var first_builds: [BuildMeasurement]
    /// Every timed first build, when repeated.
    public var first_build_runs: [BuildMeasurement]?
    /// clips/s with two jobs over clips/s with one.
    public var speedup: Double?
    public var noop: [BuildMeasurement]
    public var noop_median_seconds: Double
    public var touched: BuildMeasurement
    public var rewritten: BuildMeasurement
    public var restored: BuildMeasurement
}

public struct BuildBenchGoalResult: Sendable, Codable {
    public var goal: String
    public var target: String
    public var measured: String
    /// nil when the run could not judge it (e.g. the no-op corpus was smaller than the goal's).
    public var met: Bool?
    public var detail: String
}

public struct BuildBenchResult: Sendable, Codable {
    public var melshard: String
    public var cores: Int
    public var goals_config: BuildBenchGoals
    public var corpora: [BuildBenchCorpusResult]
    public var goals: [BuildBenchGoalResult]
}
