/// How `melshard build` runs; none of these change what it produces.
public struct BuildOptions: Sendable {
    public var outputDirectory: String
    /// Worker threads for probing and shard writing.
    public var jobs: Int
    /// Any reject fails the build.
    public var strict: Bool
    /// Decide what would be rebuilt and why, and write nothing.
    public var dryRun: Bool
    /// The recipe file, recorded in the index so `status` can tell what is stale.
    public var recipePath: String

    public init(outputDirectory: String, jobs: Int = 1, strict: Bool = false, dryRun: Bool = false, recipePath: String)
    {
        self.outputDirectory = outputDirectory
        self.jobs = max(1, jobs)
        self.strict = strict
        self.dryRun = dryRun
        self.recipePath = recipePath
    }
}
