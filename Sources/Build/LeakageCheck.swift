import Foundation
import Index
import SQLite

/// What `melshard check` looks for: a group, a source, or identical audio (the same
/// `sources.content_hash`) whose clips sit in more than one split or fold. Any of them lets a
/// model be tested on what it was trained on. Read from the planned clips in the index.
public struct LeakageCheck: Sendable, Codable, Equatable {
    public struct Leak: Sendable, Codable, Equatable, CustomStringConvertible {
        /// `group`, `source` or `audio`.
        public var kind: String
        /// `corpus/group`, `corpus/path`, or the content hash.
        public var name: String
        /// Where its clips are: `split` or `split/fold N` → clips there.
        public var places: [String: Int]
        /// For `audio`: the sources with that content.
        public var sources: [String]

        public var description: String {
            let places = self.places.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) clip\($0.value == 1 ? "" : "s"))" }
            let names = sources.isEmpty ? "" : " [" + sources.joined(separator: ", ") + "]"
            return "\(kind) \(name)\(names) is in \(places.joined(separator: " and "))"
        }
    }

    public var formatVersion = 1
    public var output: String
    public var groups = 0
    public var sources = 0
    public var clips = 0
    public var leaks: [Leak] = []

    public var passed: Bool { leaks.isEmpty }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", output, groups, sources, clips, leaks, passed }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(output, forKey: .output)
        try c.encode(groups, forKey: .groups)
        try c.encode(sources, forKey: .sources)
        try c.encode(clips, forKey: .clips)
        try c.encode(leaks, forKey: .leaks)
        try c.encode(passed, forKey: .passed)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        output = try c.decode(String.self, forKey: .output)
        groups = try c.decode(Int.self, forKey: .groups)
        sources = try c.decode(Int.self, forKey: .sources)
        clips = try c.decode(Int.self, forKey: .clips)
        leaks = try c.decode([Leak].self, forKey: .leaks)
    }

    init(output: String) { self.output = output }

    /// The split a clip counts in: its split, and its fold when it has one.
    static let place = "c.split || COALESCE(' fold ' || c.fold, '')"

    public static func run(directory: String) throws -> LeakageCheck {
        let db = try Index(directory: directory, readOnly: true).database
        var check = LeakageCheck(output: directory)
        check.clips = try db.execute("SELECT COUNT(*) FROM clips").first?.first?.int ?? 0
        // Every source a clip is made of: a stem mixture's stems are each on the clip's side of the split.
        // An index from before schema 3 (opened read-only, so not migrated) has no mixtures.
        let hasMixtures = try !db.execute("SELECT 1 FROM sqlite_master WHERE name = 'clip_sources'").isEmpty
        let heard = "WITH heard AS (SELECT id AS clip_id, source_id FROM clips"
            + (hasMixtures ? " UNION SELECT clip_id, source_id FROM clip_sources)" : ")")
        let clipSources = "heard h JOIN clips c ON c.id = h.clip_id JOIN sources s ON s.id = h.source_id"
        check.sources = try db.execute("\(heard) SELECT COUNT(DISTINCT source_id) FROM heard").first?.first?.int ?? 0
        check.groups = try db.execute("""
            \(heard) SELECT COUNT(*) FROM (SELECT DISTINCT s.corpus, s.group_key FROM \(clipSources))
            """).first?.first?.int ?? 0
        let byKey: [(kind: String, key: String)] = [
            ("group", "s.corpus || '/' || s.group_key"),
            ("source", "s.corpus || '/' || s.path"),
            ("audio", "s.content_hash"),
        ]
        for (kind, key) in byKey {
            let rows = try db.execute("""
                \(heard), placed AS (SELECT \(key) AS name, \(place) AS place, c.id AS clip, s.corpus || '/' || s.path AS source
                                FROM \(clipSources)),
                     leaky AS (SELECT name FROM placed GROUP BY name HAVING COUNT(DISTINCT place) > 1)
                SELECT p.name, p.place, COUNT(DISTINCT p.clip), GROUP_CONCAT(DISTINCT p.source) FROM placed p JOIN leaky USING (name)
                GROUP BY p.name, p.place ORDER BY p.name, p.place
                """)
            var leaks: [String: Leak] = [:]
            for row in rows {
                let name = row[0].text ?? ""
                var leak = leaks[name] ?? Leak(kind: kind, name: name, places: [:], sources: [])
                leak.places[row[1].text ?? ""] = row[2].int ?? 0
                if kind == "audio" { leak.sources = Array(Set(leak.sources + (row[3].text ?? "").split(separator: ",").map(String.init))).sorted() }
                leaks[name] = leak
            }
            check.leaks += leaks.keys.sorted().map { leaks[$0]! }
        }
        return check
    }
}
