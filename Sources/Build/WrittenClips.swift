import SQLite

/// The clips a build wrote (those with a shard row), per split and class: what `status`, the
/// demo's summary and the card's `per_label` count, read from the index.
public struct WrittenClips: Sendable {
    /// Class names in index order.
    public var labels: [String] = []
    /// Split → class name → clips.
    public var perSplit: [String: [String: Int]] = [:]

    public static func read(_ db: Database) throws -> WrittenClips {
        var written = WrittenClips()
        written.labels = try db.execute("SELECT name FROM labels ORDER BY id").compactMap { $0[0].text }
        for row in try db.execute("""
            SELECT c.split, l.name, COUNT(*) FROM shard_rows r JOIN clips c ON c.id = r.clip_id
            JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id GROUP BY c.split, l.name
            """) {
            written.perSplit[row[0].text ?? "", default: [:]][row[1].text ?? ""] = row[2].int ?? 0
        }
        return written
    }
}
