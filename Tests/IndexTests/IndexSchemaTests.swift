import Foundation
import SQLite
import TestSupport
import Testing

@testable import Index

@Suite struct IndexSchemaTests {
    let directory = TemporaryDirectory("index")

    @Test func aNewIndexIsMigratedToTheCurrentSchemaInWALMode() throws {
        let index = try Index(directory: directory.path)
        #expect(try index.database.execute("PRAGMA user_version") == [[.integer(Int64(Index.schemaVersion))]])
        #expect(try index.database.execute("PRAGMA journal_mode") == [[.text("wal")]])
        let tables = try index.database.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0[0].text }
        #expect(
            tables == [
                "builds", "clip_labels", "clip_sources", "clips", "corpora", "labels", "meta", "normalisation",
                "rejects", "shard_rows",
                "shard_statistics", "shards", "source_attributes", "source_labels", "sources", "units", "word_spans",
            ])
        // Opening again migrates nothing and keeps the rows.
        try index.setMeta("k", "v")
        let again = try Index(directory: directory.path)
        #expect(try again.meta("k") == "v")
    }

    @Test func anIndexOfSchemaOneIsMigratedForwardKeepingItsRows() throws {
        let db = try Database(path: directory.file(Index.fileName))
        try db.executeScript(Migrations.all[0])
        try db.execute("PRAGMA user_version = 1")
        try db.execute(
            "INSERT INTO rejects (corpus, path, line, stage, code, reason) VALUES ('c', 'a.wav', NULL, 'ingest', 'x', 'y')"
        )
        let index = try Index(directory: directory.path)
        #expect(try index.database.execute("PRAGMA user_version") == [[.integer(Int64(Index.schemaVersion))]])
        #expect(try index.database.execute("SELECT path, kept FROM rejects") == [[.text("a.wav"), .integer(0)]])
        #expect(try index.database.execute("SELECT COUNT(*) FROM source_attributes") == [[.integer(0)]])
        #expect(try index.database.execute("SELECT COUNT(*) FROM clip_sources") == [[.integer(0)]])
    }

    @Test func anIndexFromANewerMelshardIsRefused() throws {
        _ = try Index(directory: directory.path)
        try Database(path: directory.file(Index.fileName)).execute("PRAGMA user_version = 99")
        #expect { try Index(directory: directory.path) } throws: { "\($0)".contains("schema version 99 is newer") }
    }

    @Test func readingAMissingIndexSaysSo() {
        #expect { try Index(directory: directory.file("nowhere"), readOnly: true) } throws: {
            "\($0)".contains("no index here")
        }
    }

    /// A build killed (or out of disk) before its first transaction leaves a SQLite file with no
    /// tables: a reader says the index is unfinished, not "no such table", and creates nothing.
    @Test func readingAnIndexThatNeverGotItsTablesSaysItIsUnfinished() throws {
        try Database(path: directory.file(Index.fileName)).execute("PRAGMA journal_mode = wal")
        #expect { try Index(directory: directory.path, readOnly: true) } throws: {
            "\($0)" == directory.file(Index.fileName)
                + ": holds no index yet: the build that made it stopped before writing its tables; "
                + "run `melshard build RECIPE --out DIR` again"
        }
        let tables = try Database(path: directory.file(Index.fileName)).execute("SELECT name FROM sqlite_master")
        #expect(tables.isEmpty)
        // A writer gives it its schema as to a new index.
        _ = try Index(directory: directory.path)
        #expect(try Index(directory: directory.path, readOnly: true).meta("k") == nil)
    }

    @Test func aShardsRowsAndStatisticsGoWithIt() throws {
        let index = try Index(directory: directory.path)
        let row = ShardRow(
            name: "train-00", split: "train", clipCount: 2, byteSize: 10, sha256: "ab", contentKey: "k",
            mtimeNanoseconds: 1,
            featuresDType: "float16", featuresShape: "[2,3,4]")
        try index.transaction {
            try index.putShard(row, rows: [5, 7], bandSums: [BandSums(count: 4, sum: 1, sumSquares: 2)])
        }
        #expect(try index.shards() == ["train-00": row])
        #expect(try index.bandSums(shards: ["train-00"]) == [[BandSums(count: 4, sum: 1, sumSquares: 2)]])
        try index.deleteShard("train-00")
        #expect(try index.database.execute("SELECT COUNT(*) FROM shard_rows") == [[.integer(0)]])
        #expect(try index.database.execute("SELECT COUNT(*) FROM shard_statistics") == [[.integer(0)]])
    }
}
