/// The index schema, as an append-only list of migrations. Migration i takes a database from
/// `PRAGMA user_version` i to i + 1. Never edit a migration that has shipped: add one.
/// `docs/index.md` describes every table.
enum Migrations {
    static let all: [String] = [
        // 1: the first schema.
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE corpora (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            root TEXT NOT NULL
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            corpus TEXT NOT NULL REFERENCES corpora(name) ON DELETE CASCADE,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            format TEXT NOT NULL,
            sample_rate INTEGER NOT NULL,
            channels INTEGER NOT NULL,
            frames INTEGER NOT NULL,
            group_key TEXT NOT NULL,
            official_split TEXT,
            UNIQUE (corpus, path)
        );
        CREATE INDEX sources_by_hash ON sources(content_hash);
        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE source_labels (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
            PRIMARY KEY (source_id, label_id)
        );
        CREATE TABLE rejects (
            id INTEGER PRIMARY KEY,
            corpus TEXT,
            path TEXT NOT NULL,
            line INTEGER,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE word_spans (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            start_seconds REAL NOT NULL,
            end_seconds REAL NOT NULL,
            score REAL
        );
        CREATE TABLE clips (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            start_sample INTEGER NOT NULL,
            length_samples INTEGER NOT NULL,
            start_seconds REAL NOT NULL,
            duration_seconds REAL NOT NULL,
            split TEXT NOT NULL,
            fold INTEGER,
            reason TEXT NOT NULL,
            shard TEXT NOT NULL
        );
        CREATE INDEX clips_by_source ON clips(source_id);
        CREATE INDEX clips_by_shard ON clips(shard);
        CREATE TABLE clip_labels (
            clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
            label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
            PRIMARY KEY (clip_id, label_id)
        );
        CREATE TABLE shards (
            name TEXT PRIMARY KEY,
            split TEXT NOT NULL,
            clip_count INTEGER NOT NULL,
            byte_size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content_key TEXT NOT NULL,
            mtime_ns INTEGER NOT NULL,
            features_dtype TEXT NOT NULL,
            features_shape TEXT NOT NULL
        );
        CREATE TABLE shard_rows (
            shard TEXT NOT NULL REFERENCES shards(name) ON DELETE CASCADE,
            row INTEGER NOT NULL,
            clip_id INTEGER NOT NULL,
            PRIMARY KEY (shard, row)
        );
        CREATE INDEX shard_rows_by_clip ON shard_rows(clip_id);
        CREATE TABLE shard_statistics (
            shard TEXT NOT NULL REFERENCES shards(name) ON DELETE CASCADE,
            band INTEGER NOT NULL,
            count INTEGER NOT NULL,
            sum REAL NOT NULL,
            sum_squares REAL NOT NULL,
            PRIMARY KEY (shard, band)
        );
        CREATE TABLE normalisation (
            split TEXT NOT NULL,
            band INTEGER NOT NULL,
            count INTEGER NOT NULL,
            mean REAL NOT NULL,
            std REAL NOT NULL,
            PRIMARY KEY (split, band)
        );
        CREATE TABLE units (
            stage TEXT NOT NULL,
            name TEXT NOT NULL,
            content_key TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (stage, name)
        );
        CREATE TABLE builds (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            tool_version TEXT NOT NULL,
            recipe_sha256 TEXT NOT NULL,
            jobs INTEGER NOT NULL,
            rebuilt INTEGER,
            reused INTEGER
        );
        """,
        // 2: corpus readers (issue 4): what a corpus says about each source, the manifest row
        // that named it, and rejects that are warnings (duplicate audio, kept).
        """
        CREATE TABLE source_attributes (
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (source_id, key)
        );
        ALTER TABLE sources ADD COLUMN manifest TEXT;
        ALTER TABLE sources ADD COLUMN manifest_line INTEGER;
        ALTER TABLE rejects ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
        """,
        // 3: stem mixtures (issue 6): the sources a clip sums, when it is more than one.
        """
        CREATE TABLE clip_sources (
            clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            PRIMARY KEY (clip_id, position)
        );
        CREATE INDEX clip_sources_by_source ON clip_sources(source_id);
        """,
        // 4: the forced aligner (issue 18): which method placed each word, since `forced` falls
        // back to `synthesized` sentence by sentence. NULL in indexes built before.
        """
        ALTER TABLE word_spans ADD COLUMN method TEXT;
        """,
        // 5: the no-op check (issue 16): what a finished whole build read (a key over the binary,
        // the recipe and every scanned file's name, size and time) and what it reported, so the
        // next build with the same inputs stops after the scan. NULL for other builds.
        """
        ALTER TABLE builds ADD COLUMN inputs_sha256 TEXT;
        ALTER TABLE builds ADD COLUMN summary TEXT;
        """,
    ]
}
