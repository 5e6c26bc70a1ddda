import MelshardCore
import SQLite

extension Index {
    /// Runs `body` in one transaction, with SQLite's error as the index's.
    public func transaction(_ body: () throws -> Void) throws {
        try database.transaction(body)
    }

    // MARK: - units

    /// A stage's units by name, keyed by the name's bytes: unit names hold paths, and two files
    /// whose names differ only as NFC and NFD are two units (a `String` key would merge them).
    public func units(stage: String) throws(SQLiteError) -> [PathKey: UnitRow] {
        var out: [PathKey: UnitRow] = [:]
        for row in try database.execute("SELECT name, content_key, detail FROM units WHERE stage = ?", [.text(stage)]) {
            let name = row[0].text ?? ""
            out[PathKey(name)] = UnitRow(
                stage: stage, name: name, contentKey: row[1].text ?? "", detail: row[2].text ?? "")
        }
        return out
    }

    public func putUnits(_ units: [UnitRow]) throws(SQLiteError) {
        let insert = try database.prepare(
            """
            INSERT INTO units (stage, name, content_key, detail) VALUES (?, ?, ?, ?)
            ON CONFLICT(stage, name) DO UPDATE SET content_key = excluded.content_key, detail = excluded.detail
            """)
        for u in units { try insert.run([.text(u.stage), .text(u.name), .text(u.contentKey), .text(u.detail)]) }
    }

    public func deleteUnits(stage: String, names: some Sequence<String>) throws(SQLiteError) {
        let delete = try database.prepare("DELETE FROM units WHERE stage = ? AND name = ?")
        for name in names { try delete.run([.text(stage), .text(name)]) }
    }

    // MARK: - the plan: corpora, sources, labels, clips, rejects

    /// Replaces every table derived from the recipe and the inputs, rows in the order given.
    /// Shards and their rows are kept: they are tied to content keys, not to this plan.
    public func replacePlan(
        corpora: [CorpusRow], labels: [String], sources: some Sequence<SourceRow>, clips: some Sequence<ClipRow>,
        rejects: [RejectRow],
        wordSpans: some Sequence<WordSpanRow> = [WordSpanRow]()
    ) throws(SQLiteError) {
        for table in [
            "clip_sources", "clip_labels", "clips", "source_labels", "source_attributes", "word_spans", "sources",
            "labels", "corpora",
        ] {
            try database.execute("DELETE FROM \(table)")
        }
        try database.execute("DELETE FROM rejects WHERE stage != 'features'")
        let corpus = try database.prepare("INSERT INTO corpora (name, kind, root) VALUES (?, ?, ?)")
        for c in corpora { try corpus.run([.text(c.name), .text(c.kind), .text(c.root)]) }
        let label = try database.prepare("INSERT INTO labels (id, name) VALUES (?, ?)")
        for (i, name) in labels.enumerated() { try label.run([.integer(Int64(i)), .text(name)]) }
        let source = try database.prepare(
            """
            INSERT INTO sources (id, corpus, path, size, mtime_ns, content_hash, format, sample_rate, channels, frames, group_key,
                                 official_split, manifest, manifest_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let sourceLabel = try database.prepare("INSERT INTO source_labels (source_id, label_id) VALUES (?, ?)")
        let attribute = try database.prepare("INSERT INTO source_attributes (source_id, key, value) VALUES (?, ?, ?)")
        for s in sources {
            try source.run([
                .integer(s.id), .text(s.corpus), .text(s.path), .integer(s.size), .integer(s.mtimeNanoseconds),
                .text(s.contentHash), .text(s.format), .integer(Int64(s.sampleRate)), .integer(Int64(s.channels)),
                .integer(s.frames), .text(s.group), s.officialSplit.map { .text($0) } ?? .null,
                s.manifest.map { .text($0) } ?? .null, s.manifestLine.map { .integer(Int64($0)) } ?? .null,
            ])
            for l in s.labels { try sourceLabel.run([.integer(s.id), .integer(Int64(l))]) }
            for (key, value) in s.attributes {
                try attribute.run([.integer(s.id), .text(key), .text(value)])
            }
        }
        let clip = try database.prepare(
            """
            INSERT INTO clips (id, source_id, start_sample, length_samples, start_seconds, duration_seconds, split, fold, reason, shard)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let clipLabel = try database.prepare("INSERT INTO clip_labels (clip_id, label_id) VALUES (?, ?)")
        let clipSource = try database.prepare(
            "INSERT INTO clip_sources (clip_id, position, source_id) VALUES (?, ?, ?)")
        for c in clips {
            try clip.run([
                .integer(c.id), .integer(c.sourceID), .integer(Int64(c.startSample)), .integer(Int64(c.lengthSamples)),
                .real(c.startSeconds), .real(c.durationSeconds), .text(c.split),
                c.fold.map { .integer(Int64($0)) } ?? .null,
                .text(c.reason), .text(c.shard),
            ])
            for l in c.labels { try clipLabel.run([.integer(c.id), .integer(Int64(l))]) }
            for (position, source) in c.mixture.enumerated() {
                try clipSource.run([.integer(c.id), .integer(Int64(position)), .integer(source)])
            }
        }
        let span = try database.prepare(
            "INSERT INTO word_spans (source_id, word, start_seconds, end_seconds, score, method) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for w in wordSpans {
            try span.run([
                .integer(w.sourceID), .text(w.word), .real(w.startSeconds), .real(w.endSeconds),
                w.score.map { .real($0) } ?? .null, w.method.map { .text($0) } ?? .null,
            ])
        }
        try insertRejects(rejects)
    }

    /// Updates size and mtime of the sources whose recorded values differ (a touched file).
    public func refreshSourceStatus(_ sources: some Sequence<SourceRow>) throws {
        var recorded: [Int64: (Int64, Int64)] = [:]
        for row in try database.execute("SELECT id, size, mtime_ns FROM sources") {
            recorded[row[0].integer ?? 0] = (row[1].integer ?? 0, row[2].integer ?? 0)
        }
        let changed = sources.filter { s in
            guard let (size, mtime) = recorded[s.id] else { return false }
            return size != s.size || mtime != s.mtimeNanoseconds
        }
        guard !changed.isEmpty else { return }
        let update = try database.prepare("UPDATE sources SET size = ?, mtime_ns = ? WHERE id = ?")
        try database.transaction {
            for s in changed { try update.run([.integer(s.size), .integer(s.mtimeNanoseconds), .integer(s.id)]) }
        }
    }

    /// Replaces the rejects of one stage (the features stage's come from shard units).
    public func replaceRejects(stage: String, with rejects: [RejectRow]) throws(SQLiteError) {
        try database.execute("DELETE FROM rejects WHERE stage = ?", [.text(stage)])
        try insertRejects(rejects)
    }

    private func insertRejects(_ rejects: [RejectRow]) throws(SQLiteError) {
        let reject = try database.prepare(
            "INSERT INTO rejects (corpus, path, line, stage, code, reason, kept) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for r in rejects {
            try reject.run([
                r.corpus.map { .text($0) } ?? .null, .text(r.path), r.line.map { .integer(Int64($0)) } ?? .null,
                .text(r.stage), .text(r.code), .text(r.reason), .integer(r.kept ? 1 : 0),
            ])
        }
    }

    // MARK: - shards

    public func shards() throws(SQLiteError) -> [String: ShardRow] {
        var out: [String: ShardRow] = [:]
        for r in try database.execute(
            """
            SELECT name, split, clip_count, byte_size, sha256, content_key, mtime_ns, features_dtype, features_shape FROM shards
            """)
        {
            let row = ShardRow(
                name: r[0].text ?? "", split: r[1].text ?? "", clipCount: r[2].int ?? 0, byteSize: r[3].integer ?? 0,
                sha256: r[4].text ?? "", contentKey: r[5].text ?? "", mtimeNanoseconds: r[6].integer ?? 0,
                featuresDType: r[7].text ?? "", featuresShape: r[8].text ?? "")
            out[row.name] = row
        }
        return out
    }

    /// Records one written shard: its file, which clip sits at which row, and its band sums.
    public func putShard(_ shard: ShardRow, rows: [Int64], bandSums: [BandSums]) throws(SQLiteError) {
        try deleteShard(shard.name)
        try database.execute(
            """
            INSERT INTO shards (name, split, clip_count, byte_size, sha256, content_key, mtime_ns, features_dtype, features_shape)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(shard.name), .text(shard.split), .integer(Int64(shard.clipCount)), .integer(shard.byteSize),
                .text(shard.sha256),
                .text(shard.contentKey), .integer(shard.mtimeNanoseconds), .text(shard.featuresDType),
                .text(shard.featuresShape),
            ])
        let row = try database.prepare("INSERT INTO shard_rows (shard, row, clip_id) VALUES (?, ?, ?)")
        for (i, clip) in rows.enumerated() { try row.run([.text(shard.name), .integer(Int64(i)), .integer(clip)]) }
        let band = try database.prepare(
            "INSERT INTO shard_statistics (shard, band, count, sum, sum_squares) VALUES (?, ?, ?, ?, ?)")
        for (i, s) in bandSums.enumerated() {
            try band.run([.text(shard.name), .integer(Int64(i)), .integer(s.count), .real(s.sum), .real(s.sumSquares)])
        }
    }

    /// Updates the recorded modification time of a shard whose bytes were re-hashed and found intact.
    public func touchShard(_ name: String, mtimeNanoseconds: Int64) throws(SQLiteError) {
        try database.execute(
            "UPDATE shards SET mtime_ns = ? WHERE name = ?", [.integer(mtimeNanoseconds), .text(name)])
    }

    public func deleteShard(_ name: String) throws(SQLiteError) {
        try database.execute("DELETE FROM shards WHERE name = ?", [.text(name)])
    }

    /// Band sums of the given shards, in name order, so that aggregation is deterministic.
    public func bandSums(shards names: [String]) throws(SQLiteError) -> [[BandSums]] {
        let select = try database.prepare(
            "SELECT count, sum, sum_squares FROM shard_statistics WHERE shard = ? ORDER BY band")
        return try names.sorted().map { (name: String) throws(SQLiteError) in
            try select.run([.text(name)]).map {
                BandSums(count: $0[0].integer ?? 0, sum: $0[1].real ?? 0, sumSquares: $0[2].real ?? 0)
            }
        }
    }

    public func replaceNormalisation(_ rows: [NormalisationRow]) throws(SQLiteError) {
        try database.execute("DELETE FROM normalisation")
        let insert = try database.prepare(
            "INSERT INTO normalisation (split, band, count, mean, std) VALUES (?, ?, ?, ?, ?)")
        for r in rows {
            try insert.run([.text(r.split), .integer(Int64(r.band)), .integer(r.count), .real(r.mean), .real(r.std)])
        }
    }

    // MARK: - builds

    public func beginBuild(
        startedAt: String, toolVersion: String, recipeSHA256: String, jobs: Int
    ) throws(SQLiteError) -> Int64 {
        try database.execute(
            "INSERT INTO builds (started_at, tool_version, recipe_sha256, jobs) VALUES (?, ?, ?, ?) RETURNING id",
            [.text(startedAt), .text(toolVersion), .text(recipeSHA256), .integer(Int64(jobs))]
        ).first?.first?.integer ?? 0
    }

    /// Closes a build's row. `inputs` is set only by a whole build that finished: the key over
    /// what it read and the summary of what it reported (`lastBuildInputs`).
    public func finishBuild(
        _ id: Int64, finishedAt: String, rebuilt: Int, reused: Int, inputs: BuildInputsRow? = nil
    ) throws(SQLiteError) {
        try database.execute(
            "UPDATE builds SET finished_at = ?, rebuilt = ?, reused = ?, inputs_sha256 = ?, summary = ? WHERE id = ?",
            [
                .text(finishedAt), .integer(Int64(rebuilt)), .integer(Int64(reused)),
                inputs.map { .text($0.sha256) } ?? .null, inputs.map { .text($0.summary) } ?? .null, .integer(id),
            ])
    }
}
