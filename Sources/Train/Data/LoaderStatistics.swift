/// What a batch iterator has read, for tests and the run's log: the memory bound made visible.
public struct LoaderStatistics: Sendable, Equatable {
    /// Shard files read (each read loads one shard's tensors).
    public var shardLoads = 0
    /// The most shards held in memory at once.
    public var peakLoadedShards = 0

    public init() {}
}
