import SQLite

/// What the merge and `status` read of a build part's own index (docs/cluster.md).
extension Index {
    /// Whether the latest run recorded here finished: nil when no run ever began, false when the
    /// latest began and did not finish (it was killed, failed, or is still running).
    public func latestBuildFinished() throws(SQLiteError) -> Bool? {
        guard let row = try database.execute("SELECT finished_at FROM builds ORDER BY id DESC LIMIT 1").first else {
            return nil
        }
        return row[0].text != nil
    }

    /// The names of every shard the recorded plan holds (`clips.shard`), sorted.
    public func plannedShardNames() throws(SQLiteError) -> [String] {
        try database.execute("SELECT DISTINCT shard FROM clips WHERE shard != '' ORDER BY shard").compactMap {
            $0[0].text
        }
    }
}
