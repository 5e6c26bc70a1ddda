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
    /// The whole build, one part of it, or the merge of its parts (docs/cluster.md).
    public var role: BuildRole

    public init(
        outputDirectory: String, jobs: Int = 1, strict: Bool = false, dryRun: Bool = false, recipePath: String,
        role: BuildRole = .whole
    ) {
        self.outputDirectory = outputDirectory
        self.jobs = max(1, jobs)
        self.strict = strict
        self.dryRun = dryRun
        self.recipePath = recipePath
        self.role = role
    }
}

/// What a run of the engine does with the plan (docs/cluster.md). Every role plans the whole
/// dataset; they differ in which shards they write and which index they write to.
public enum BuildRole: Sendable, Equatable {
    /// One machine: every shard, `index.sqlite`, normalisation and the card.
    case whole
    /// The shards `part` owns, recorded in the part's own index; no normalisation, no card.
    case part(BuildPart)
    /// No shard is written: each is taken from the index of the part that owns it, out of `parts`
    /// parts, into `index.sqlite`, then normalisation and the card as a whole build makes them.
    case merge(parts: Int)
}
