import Foundation
import Index

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
            let places = self.places.sorted { $0.key < $1.key }.map {
                "\($0.key) (\($0.value) clip\($0.value == 1 ? "" : "s"))"
            }
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

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", output, groups, sources, clips, leaks, passed
    }

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

    /// Reads the planned clips of the index in `directory` and finds every leak, by group, source, then audio.
    public static func run(directory: String) throws -> LeakageCheck {
        try IndexDamage.detecting(in: directory) { try checkIndex(directory: directory) }
    }

    private static func checkIndex(directory: String) throws -> LeakageCheck {
        let facts = try Index(directory: directory, readOnly: true).leakage()
        var check = LeakageCheck(output: directory)
        (check.clips, check.sources, check.groups) = (facts.clips, facts.sources, facts.groups)
        for key in LeakageFacts.Key.allCases {
            var leaks: [String: Leak] = [:]
            for placement in facts.placements where placement.key == key {
                let name = placement.name
                var leak = leaks[name] ?? Leak(kind: key.rawValue, name: name, places: [:], sources: [])
                leak.places[placement.place] = placement.clips
                if key == .audio { leak.sources = Array(Set(leak.sources + placement.sources)).sorted() }
                leaks[name] = leak
            }
            check.leaks += leaks.keys.sorted().map { leaks[$0]! }
        }
        return check
    }
}
