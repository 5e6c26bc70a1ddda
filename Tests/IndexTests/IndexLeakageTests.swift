import Foundation
import SQLite
import TestSupport
import Testing

@testable import Index

/// `Index.leakage()` against a real index: groups, sources and identical audio whose clips sit
/// in more than one split or fold, a stem mixture's stems included.
@Suite struct IndexLeakageTests {
    let directory = TemporaryDirectory("index-leakage")

    /// Five sources of one corpus. a.wav and c.wav hold the same audio (hash H); a.wav and b.wav
    /// share group g1. Clip 5 mixes d.wav with e.wav, so e.wav is heard in valid and in test.
    static let sources: [(id: Int64, path: String, group: String, hash: String)] = [
        (1, "a.wav", "g1", "H"), (2, "b.wav", "g1", "K"), (3, "c.wav", "g2", "H"), (4, "d.wav", "g3", "M"),
        (5, "e.wav", "g4", "N"),
    ]
    static let clips: [(id: Int64, source: Int64, split: String, fold: Int?, mixture: [Int64])] = [
        (1, 1, "train", 0, []), (2, 1, "train", 1, []), (3, 2, "train", 0, []), (4, 3, "test", nil, []),
        (5, 4, "valid", nil, [4, 5]), (6, 5, "test", nil, []),
    ]

    func writePlan(_ index: Index) throws {
        try index.replacePlan(
            corpora: [CorpusRow(name: "c", kind: "folder", root: "/r")], labels: ["x"],
            sources: Self.sources.map {
                SourceRow(
                    id: $0.id, corpus: "c", path: $0.path, size: 1, mtimeNanoseconds: 1, contentHash: $0.hash,
                    format: "wav", sampleRate: 16000, channels: 1, frames: 16000, group: $0.group,
                    officialSplit: nil, labels: [0])
            },
            clips: Self.clips.map {
                ClipRow(
                    id: $0.id, sourceID: $0.source, startSample: 0, lengthSamples: 16000, startSeconds: 0,
                    durationSeconds: 1, split: $0.split, fold: $0.fold, reason: "start", shard: $0.split,
                    labels: [0], mixture: $0.mixture)
            },
            rejects: [])
    }

    /// Placements with their sources sorted, since `GROUP_CONCAT` promises no order.
    func normalised(_ facts: LeakageFacts) -> [LeakageFacts.Placement] {
        facts.placements.map {
            var p = $0; p.sources.sort(); return p
        }
    }

    @Test func everyLeakingNameIsPlacedByKeyNameAndPlace() throws {
        let index = try Index(directory: directory.path)
        try writePlan(index)
        let facts = try index.leakage()
        let counts: [Int] = [facts.clips, facts.sources, facts.groups]
        #expect(counts == [6, 5, 4])
        typealias P = LeakageFacts.Placement
        #expect(
            normalised(facts) == [
                P(key: .group, name: "c/g1", place: "train fold 0", clips: 2, sources: ["c/a.wav", "c/b.wav"]),
                P(key: .group, name: "c/g1", place: "train fold 1", clips: 1, sources: ["c/a.wav"]),
                P(key: .group, name: "c/g4", place: "test", clips: 1, sources: ["c/e.wav"]),
                P(key: .group, name: "c/g4", place: "valid", clips: 1, sources: ["c/e.wav"]),
                P(key: .source, name: "c/a.wav", place: "train fold 0", clips: 1, sources: ["c/a.wav"]),
                P(key: .source, name: "c/a.wav", place: "train fold 1", clips: 1, sources: ["c/a.wav"]),
                P(key: .source, name: "c/e.wav", place: "test", clips: 1, sources: ["c/e.wav"]),
                P(key: .source, name: "c/e.wav", place: "valid", clips: 1, sources: ["c/e.wav"]),
                P(key: .audio, name: "H", place: "test", clips: 1, sources: ["c/c.wav"]),
                P(key: .audio, name: "H", place: "train fold 0", clips: 1, sources: ["c/a.wav"]),
                P(key: .audio, name: "H", place: "train fold 1", clips: 1, sources: ["c/a.wav"]),
                P(key: .audio, name: "N", place: "test", clips: 1, sources: ["c/e.wav"]),
                P(key: .audio, name: "N", place: "valid", clips: 1, sources: ["c/e.wav"]),
            ])
    }

    /// An index of schema 2 (before stem mixtures), opened read-only and so not migrated, has no
    /// `clip_sources`: it is read from `clips` alone, so e.wav, heard only in test, leaks no more.
    @Test func anIndexFromBeforeMixturesIsReadWithoutThem() throws {
        let db = try Database(path: directory.file(Index.fileName))
        for script in Migrations.all.prefix(2) { try db.executeScript(script) }
        try db.execute("PRAGMA user_version = 2")
        try db.execute("INSERT INTO corpora (name, kind, root) VALUES ('c', 'folder', '/r')")
        for s in Self.sources {
            try db.execute(
                """
                INSERT INTO sources (id, corpus, path, size, mtime_ns, content_hash, format, sample_rate, channels,
                                     frames, group_key)
                VALUES (?, 'c', ?, 1, 1, ?, 'wav', 16000, 1, 16000, ?)
                """, [.integer(s.id), .text(s.path), .text(s.hash), .text(s.group)])
        }
        for c in Self.clips {
            let fold = c.fold.map { SQLiteValue.integer(Int64($0)) } ?? .null
            try db.execute(
                """
                INSERT INTO clips (id, source_id, start_sample, length_samples, start_seconds, duration_seconds,
                                   split, fold, reason, shard)
                VALUES (?, ?, 0, 16000, 0, 1, ?, ?, 'start', ?)
                """, [.integer(c.id), .integer(c.source), .text(c.split), fold, .text(c.split)])
        }
        let facts = try Index(directory: directory.path, readOnly: true).leakage()
        let counts: [Int] = [facts.clips, facts.sources, facts.groups]
        #expect(counts == [6, 5, 4])
        #expect(Set(facts.placements.map(\.name)) == ["c/g1", "c/a.wav", "H"])
    }
}
