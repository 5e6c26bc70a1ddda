import SQLite

/// The reads the reports, checks and pictures make of an index, each a method returning values:
/// every query of `index.sqlite` is written here or beside the writes, so no other module holds
/// SQL or knows the schema. A *written* clip is one with a row in a committed shard
/// (`shard_rows`); a *planned* clip is any row of `clips`, including those whose source later
/// failed to decode.
extension Index {
    // MARK: - labels and sources

    /// Class names in label id order: the order of the shards' `labels` columns.
    public func labels() throws(SQLiteError) -> [String] {
        try database.execute("SELECT name FROM labels ORDER BY id").compactMap { $0[0].text }
    }

    /// How many sources the plan holds, whether or not they gave clips.
    public func sourceCount() throws(SQLiteError) -> Int {
        try database.execute("SELECT COUNT(*) FROM sources").first?.first?.int ?? 0
    }

    /// Class name → how many sources carry it, before balancing. Classes no source carries are absent.
    public func sourceCountsByLabel() throws(SQLiteError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.execute(
            """
            SELECT l.name, COUNT(*) FROM source_labels s JOIN labels l ON l.id = s.label_id GROUP BY l.name
            """)
        {
            counts[row[0].text ?? ""] = row[1].int ?? 0
        }
        return counts
    }

    /// Corpus name → the root folder its sources' paths are relative to, as the last build found them.
    public func corpusRoots() throws(SQLiteError) -> [String: String] {
        var roots: [String: String] = [:]
        for row in try database.execute("SELECT name, root FROM corpora") {
            roots[row[0].text ?? ""] = row[1].text ?? ""
        }
        return roots
    }

    // MARK: - clips

    /// Every planned clip once per class it carries, in no particular order.
    public func forEachPlannedClipLabel(_ body: (PlannedClipLabel) throws -> Void) throws {
        try database.forEachRow(
            """
            SELECT l.name, c.split, c.fold, c.source_id, c.reason FROM clips c JOIN clip_labels cl ON cl.clip_id = c.id
            JOIN labels l ON l.id = cl.label_id
            """
        ) {
            try body(
                PlannedClipLabel(
                    label: $0[0].text ?? "", split: $0[1].text ?? "", fold: $0[2].int,
                    sourceID: $0[3].integer ?? 0, reason: $0[4].text ?? ""))
        }
    }

    /// Split → how many clips were written to its shards.
    public func writtenClipCountsBySplit() throws(SQLiteError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.execute(
            """
            SELECT c.split, COUNT(*) FROM shard_rows r JOIN clips c ON c.id = r.clip_id GROUP BY c.split
            """)
        {
            counts[row[0].text ?? ""] = row[1].int ?? 0
        }
        return counts
    }

    /// Split → class name → how many written clips carry that class (a multi-label clip counts
    /// under each of its classes). Classes with no written clip in a split are absent.
    public func writtenClipCountsBySplitAndLabel() throws(SQLiteError) -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for row in try database.execute(
            """
            SELECT c.split, l.name, COUNT(*) FROM shard_rows r JOIN clips c ON c.id = r.clip_id
            JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id GROUP BY c.split, l.name
            """)
        {
            counts[row[0].text ?? "", default: [:]][row[1].text ?? ""] = row[2].int ?? 0
        }
        return counts
    }

    /// Split → its written clips, sources and per-class counts, tallied by SQLite: the card
    /// reads these instead of a set of every written clip id (about 30 bytes a clip;
    /// docs/build.md, "Memory"). A planned clip counts once however many shard rows name it.
    public func writtenSplitTallies() throws(SQLiteError) -> [String: WrittenSplitTally] {
        let written = "EXISTS (SELECT 1 FROM shard_rows r WHERE r.clip_id = c.id)"
        var tallies: [String: WrittenSplitTally] = [:]
        for row in try database.execute(
            "SELECT c.split, COUNT(*), COUNT(DISTINCT c.source_id) FROM clips c WHERE \(written) GROUP BY c.split")
        {
            tallies[row[0].text ?? ""] = WrittenSplitTally(clips: row[1].int ?? 0, sources: row[2].int ?? 0)
        }
        for row in try database.execute(
            """
            SELECT c.split, l.name, COUNT(*) FROM clips c JOIN clip_labels cl ON cl.clip_id = c.id
            JOIN labels l ON l.id = cl.label_id WHERE \(written) GROUP BY c.split, l.name
            """)
        {
            tallies[row[0].text ?? "", default: WrittenSplitTally()].perLabel[row[1].text ?? ""] = row[2].int ?? 0
        }
        return tallies
    }

    /// Ids of written clips, lowest first.
    ///
    /// - Parameters:
    ///   - label: Only clips carrying this class, when given.
    ///   - limit: At most this many ids, when given.
    public func writtenClipIDs(label: String? = nil, limit: Int? = nil) throws(SQLiteError) -> [Int64] {
        // SQLite reads a negative LIMIT as no limit.
        let limit = SQLiteValue.integer(Int64(limit ?? -1))
        let rows =
            if let label {
                try database.execute(
                    """
                    SELECT r.clip_id FROM shard_rows r JOIN clip_labels cl ON cl.clip_id = r.clip_id
                    JOIN labels l ON l.id = cl.label_id WHERE l.name = ? ORDER BY r.clip_id LIMIT ?
                    """, [.text(label), limit])
            } else {
                try database.execute("SELECT clip_id FROM shard_rows ORDER BY clip_id LIMIT ?", [limit])
            }
        return rows.compactMap { $0[0].integer }
    }

    /// Every clip a shard holds, with its source, by clip id: the join the shards leave to the
    /// index, since they carry `clip_ids` but not sources.
    public func writtenClipSources() throws(SQLiteError) -> [WrittenClipSource] {
        try database.execute(
            """
            SELECT r.clip_id, c.source_id, s.corpus, s.path
            FROM shard_rows r JOIN clips c ON c.id = r.clip_id JOIN sources s ON s.id = c.source_id
            ORDER BY r.clip_id
            """
        ).compactMap { row in
            guard let clip = row[0].integer, let source = row[1].integer else { return nil }
            return WrittenClipSource(clipID: clip, sourceID: source, corpus: row[2].text ?? "", path: row[3].text ?? "")
        }
    }

    /// The shard and row holding the written clip `id`, or nil when no shard holds it.
    public func shardPosition(ofClip id: Int64) throws(SQLiteError) -> ShardPosition? {
        let rows = try database.execute("SELECT shard, row FROM shard_rows WHERE clip_id = ?", [.integer(id)])
        guard let row = rows.first, let shard = row[0].text, let position = row[1].int else { return nil }
        return ShardPosition(shard: shard, row: position)
    }

    /// The planned clip `id`'s split, source and classes, or nil when the plan has no such clip
    /// (a shard may still hold it, written under an earlier plan).
    public func clipDescription(_ id: Int64) throws(SQLiteError) -> ClipDescription? {
        guard
            let clip = try database.execute(
                """
                SELECT c.split, c.start_seconds, c.duration_seconds, s.corpus, s.path
                FROM clips c JOIN sources s ON s.id = c.source_id WHERE c.id = ?
                """, [.integer(id)]
            ).first
        else { return nil }
        let labels = try database.execute(
            """
            SELECT l.name FROM clip_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.clip_id = ? ORDER BY l.id
            """, [.integer(id)]
        ).compactMap { $0[0].text }
        return ClipDescription(
            split: clip[0].text ?? "", startSeconds: clip[1].real ?? 0,
            durationSeconds: clip[2].real ?? 0, corpus: clip[3].text ?? "", path: clip[4].text ?? "",
            labels: labels)
    }

    // MARK: - shards

    /// The ids of the clips in shard `name`, in row order: what its `clip_ids` tensor must hold.
    public func clipIDs(inShard name: String) throws(SQLiteError) -> [Int64] {
        try database.execute("SELECT clip_id FROM shard_rows WHERE shard = ? ORDER BY row", [.text(name)])
            .compactMap { $0[0].integer }
    }

    /// Split → how many committed shards it has.
    public func shardCountsBySplit() throws(SQLiteError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.execute("SELECT split, COUNT(*) FROM shards GROUP BY split") {
            counts[row[0].text ?? ""] = row[1].int ?? 0
        }
        return counts
    }

    /// The normalisation statistics of one split, by band: band −1 (all bands together) first,
    /// then bands 0, 1, …. Empty when the build computed none for the split.
    public func normalisation(split: String) throws(SQLiteError) -> [NormalisationRow] {
        let sql = "SELECT band, count, mean, std FROM normalisation WHERE split = ? ORDER BY band"
        return try database.execute(sql, [.text(split)]).map {
            NormalisationRow(
                split: split, band: $0[0].int ?? 0, count: $0[1].integer ?? 0, mean: $0[2].real ?? 0,
                std: $0[3].real ?? 0)
        }
    }

    // MARK: - rejects

    /// Every recorded reject, in the order recorded.
    public func rejects() throws(SQLiteError) -> [RejectRow] {
        try database.execute("SELECT corpus, path, line, stage, code, reason, kept FROM rejects ORDER BY id").map {
            RejectRow(
                corpus: $0[0].text, path: $0[1].text ?? "", line: $0[2].int, stage: $0[3].text ?? "",
                code: $0[4].text ?? "", reason: $0[5].text ?? "", kept: $0[6].int == 1)
        }
    }

    /// Reject code → how many rejects have it.
    public func rejectCountsByCode() throws(SQLiteError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.execute("SELECT code, COUNT(*) FROM rejects GROUP BY code") {
            counts[row[0].text ?? ""] = row[1].int ?? 0
        }
        return counts
    }

    // MARK: - builds

    /// The inputs of the newest build before `current` (the running build's row, if it has one),
    /// if that is a whole build that finished: nil when it is a build that stopped, a part, a
    /// merge, or an index from before schema version 5.
    public func lastBuildInputs(before current: Int64?) throws(SQLiteError) -> BuildInputsRow? {
        guard try Self.userVersion(database) >= 5,
            let row = try database.execute(
                "SELECT finished_at, inputs_sha256, summary FROM builds WHERE id < ? ORDER BY id DESC LIMIT 1",
                [.integer(current ?? .max)]
            ).first,
            row[0].text != nil, let sha256 = row[1].text, let summary = row[2].text
        else { return nil }
        return BuildInputsRow(sha256: sha256, summary: summary)
    }
}
