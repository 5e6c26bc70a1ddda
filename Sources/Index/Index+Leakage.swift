import SQLite

/// What the index says about leakage between splits: how much the plan holds, and every group,
/// source or audio content whose clips sit in more than one place (a split, or a split's fold).
/// `melshard check` (Build's `LeakageCheck`) judges and reports it.
public struct LeakageFacts: Sendable, Hashable {
    /// What a leak is keyed by.
    public enum Key: String, Sendable, Hashable, CaseIterable {
        /// `corpus/group`: the sources a corpus says belong together (one speaker, one track).
        case group
        /// `corpus/path`: one source.
        case source
        /// `sources.content_hash`: identical audio, whatever its path.
        case audio
    }

    /// Clips of one leaking key in one place.
    public struct Placement: Sendable, Hashable {
        public var key: Key
        /// `corpus/group`, `corpus/path` or the content hash.
        public var name: String
        /// `split`, or `split fold N` in a k-fold build.
        public var place: String
        /// How many clips of `name` are there.
        public var clips: Int
        /// The sources (`corpus/path`) of those clips.
        public var sources: [String]

        public init(key: Key, name: String, place: String, clips: Int, sources: [String]) {
            (self.key, self.name, self.place, self.clips, self.sources) = (key, name, place, clips, sources)
        }
    }

    /// Planned clips.
    public var clips = 0
    /// Sources heard in a planned clip, the stems of a mixture included.
    public var sources = 0
    /// Distinct groups of those sources.
    public var groups = 0
    /// Every place of every leaking name: by key (group, source, audio), then name, then place.
    public var placements: [Placement] = []

    public init(clips: Int = 0, sources: Int = 0, groups: Int = 0, placements: [Placement] = []) {
        (self.clips, self.sources, self.groups, self.placements) = (clips, sources, groups, placements)
    }
}

extension Index {
    /// The planned clips' leakage between splits and folds (see `LeakageFacts`).
    ///
    /// Every source a clip is made of counts: a stem mixture's stems each sit on the clip's side
    /// of the split. An index from before schema 3 (opened read-only, so not migrated) has no
    /// mixtures, and is read without them.
    public func leakage() throws(SQLiteError) -> LeakageFacts {
        var facts = LeakageFacts()
        facts.clips = try database.execute("SELECT COUNT(*) FROM clips").first?.first?.int ?? 0
        let hasMixtures = try !database.execute("SELECT 1 FROM sqlite_master WHERE name = 'clip_sources'").isEmpty
        let heard =
            "WITH heard AS (SELECT id AS clip_id, source_id FROM clips"
            + (hasMixtures ? " UNION SELECT clip_id, source_id FROM clip_sources)" : ")")
        let clipSources = "heard h JOIN clips c ON c.id = h.clip_id JOIN sources s ON s.id = h.source_id"
        facts.sources =
            try database.execute("\(heard) SELECT COUNT(DISTINCT source_id) FROM heard")
            .first?.first?.int ?? 0
        facts.groups =
            try database.execute(
                """
                \(heard) SELECT COUNT(*) FROM (SELECT DISTINCT s.corpus, s.group_key FROM \(clipSources))
                """
            ).first?.first?.int ?? 0
        // The place a clip counts in: its split, and its fold when it has one.
        let place = "c.split || COALESCE(' fold ' || c.fold, '')"
        for key in LeakageFacts.Key.allCases {
            let name =
                switch key {
                case .group: "s.corpus || '/' || s.group_key"
                case .source: "s.corpus || '/' || s.path"
                case .audio: "s.content_hash"
                }
            let rows = try database.execute(
                """
                \(heard), placed AS (SELECT \(name) AS name, \(place) AS place, c.id AS clip,
                                            s.corpus || '/' || s.path AS source
                                     FROM \(clipSources)),
                     leaky AS (SELECT name FROM placed GROUP BY name HAVING COUNT(DISTINCT place) > 1)
                SELECT p.name, p.place, COUNT(DISTINCT p.clip), GROUP_CONCAT(DISTINCT p.source)
                FROM placed p JOIN leaky USING (name)
                GROUP BY p.name, p.place ORDER BY p.name, p.place
                """)
            facts.placements += rows.map {
                LeakageFacts.Placement(
                    key: key, name: $0[0].text ?? "", place: $0[1].text ?? "", clips: $0[2].int ?? 0,
                    sources: ($0[3].text ?? "").split(separator: ",").map(String.init))
            }
        }
        return facts
    }
}
