import Foundation

/// One measured command at one scale.
public struct ScaleStep: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// Exited with status 0.
        case finished
        /// Killed by the benchmark at its memory or time limit (`note` says which).
        case stopped
        /// Ended with another status or a signal (`note` holds the end of its stderr).
        case failed
    }

    /// From spawn to exit (to the kill, for a stopped step).
    public var wall_seconds: Double
    /// The child's own peak resident set (`ru_maxrss` from `wait4`).
    public var peak_rss_mib: Double
    public var cpu_seconds: Double
    /// Cores other processes kept busy meanwhile (from /proc/stat).
    public var other_cores: Double?
    /// The 1-minute load average just before the step.
    public var load_average: Double?
    public var outcome: Outcome
    public var note: String?

    public init(
        wall_seconds: Double, peak_rss_mib: Double, cpu_seconds: Double, other_cores: Double?, load_average: Double?,
        outcome: Outcome, note: String?
    ) {
        self.wall_seconds = wall_seconds
        self.peak_rss_mib = peak_rss_mib
        self.cpu_seconds = cpu_seconds
        self.other_cores = other_cores
        self.load_average = load_average
        self.outcome = outcome
        self.note = note
    }
}

/// The commands measured at each scale, in order.
public enum ScaleCommand: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    /// `build --dry-run` into a folder with no index: the whole plan, nothing written.
    case dryRun = "dry_run"
    /// `build`: the real build, every shard written.
    case build
    /// `build` again with nothing changed.
    case noop
    /// `status`: the index's summary and the stale check (a dry run against the index).
    case status
    /// `verify`: every shard re-read and hashed against the index.
    case verify

    public var title: String {
        switch self {
        case .dryRun: "dry run"
        case .build: "build"
        case .noop: "no-op"
        case .status: "status"
        case .verify: "verify"
        }
    }
}

/// One scale's plan and measurements.
public struct ScaleRow: Sendable, Codable {
    public var scale: Int
    public var per_class: Int
    /// Planned clips, sources in the plan and shards, from the dry run's report (nil if it did not finish).
    public var clips: Int?
    public var sources: Int?
    public var shards: Int?
    public var steps: [ScaleCommand: ScaleStep]

    public init(scale: Int, per_class: Int, clips: Int?, sources: Int?, shards: Int?, steps: [ScaleCommand: ScaleStep])
    {
        self.scale = scale
        self.per_class = per_class
        self.clips = clips
        self.sources = sources
        self.shards = shards
        self.steps = steps
    }
}

/// A goal of the issue, judged on the measurements: `met` is nil when the run holds nothing to judge it on.
public struct ScaleGoal: Sendable, Codable, Equatable {
    public var goal: String
    public var target: String
    public var measured: String
    public var met: Bool?
}

public struct ScaleBenchResult: Sendable, Codable {
    public var melshard: String
    public var cores: Int
    public var generation: ScaleGeneration
    /// `per_class` at the full scale (the study's 15,000 unless shrunk).
    public var full_per_class: Int
    public var rss_limit_mib: Double
    public var time_limit_seconds: Double
    public var rows: [ScaleRow]
    public var goals: [ScaleGoal]

    public init(
        melshard: String, cores: Int, generation: ScaleGeneration, full_per_class: Int, rss_limit_mib: Double,
        time_limit_seconds: Double, rows: [ScaleRow], goals: [ScaleGoal]
    ) {
        self.melshard = melshard
        self.cores = cores
        self.generation = generation
        self.full_per_class = full_per_class
        self.rss_limit_mib = rss_limit_mib
        self.time_limit_seconds = time_limit_seconds
        self.rows = rows
        self.goals = goals
    }
}
