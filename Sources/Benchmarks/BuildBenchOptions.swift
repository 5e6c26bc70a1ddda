import Foundation

/// What `melshard bench build` measures, and against which goals.
public struct BuildBenchOptions: Sendable {
    /// The `melshard` executable whose `build` is measured.
    public var executable: String
    /// Corpora, recipes, build outputs and each child's stdout/stderr go here.
    public var out: String
    /// Clips of the two corpora whose first builds are timed (clips/s, speedup, peak RSS).
    public var smallClips = 2000
    public var largeClips = 8000
    /// Clips of the corpus whose no-op rebuild is timed; 0 skips it.
    public var noopClips = 100_000
    public var clipsPerSource = 10
    public var classes = 8
    public var clipsPerShard = 1024
    /// No-op rebuilds in a row; the median is the figure.
    public var noopRepeats = 3
    /// First builds per job count at each measured size; the median run is the figure.
    public var firstBuildRepeats = 3
    /// Jobs of the no-op corpus's first build (only there to make the no-op possible).
    public var noopFirstBuildJobs = 2
    /// Rebuild the no-op corpus's output from scratch even when an earlier run left it.
    public var fresh = false
    public var seed: UInt64 = 1
    public var goals = BuildBenchGoals()

    public init(executable: String, out: String) {
        self.executable = executable
        self.out = out
    }
}
