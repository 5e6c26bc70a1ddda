import Foundation
import SQLite
import TestSupport
import Testing

@Suite struct DatabaseTests {
    let directory = TemporaryDirectory("sqlite")

    @Test func storesAndReadsEveryValueKind() throws {
        let db = try Database(path: directory.file("index.sqlite"))
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            [.integer(-42), .real(0.5), .text("jazz.00054 “ü”"), .blob([0, 255, 7]), .null])
        let rows = try db.execute("SELECT * FROM t")
        #expect(rows == [[.integer(-42), .real(0.5), .text("jazz.00054 “ü”"), .blob([0, 255, 7]), .null]])
        #expect(try db.execute("PRAGMA journal_mode") == [[.text("wal")]])
    }

    /// Rows stream to the body one at a time, as `execute` would return them, and a body that
    /// throws stops the query with its own error; the statement then runs again from the start.
    @Test func forEachRowHandsOverTheRowsExecuteReturns() throws {
        let db = try Database(path: directory.file("rows.sqlite"))
        try db.execute("CREATE TABLE t (i INTEGER, s TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?)")
        for i in 0..<1000 { try insert.run([.integer(Int64(i)), .text("row \(i)")]) }
        var streamed: [[SQLiteValue]] = []
        try db.forEachRow("SELECT i, s FROM t WHERE i % ? = 0 ORDER BY i", [.integer(7)]) { streamed.append($0) }
        #expect(streamed == (try db.execute("SELECT i, s FROM t WHERE i % 7 = 0 ORDER BY i")))
        #expect(streamed.count == 143)

        struct Enough: Error {}
        let select = try db.prepare("SELECT i FROM t ORDER BY i")
        var seen = 0
        #expect(throws: Enough.self) {
            try select.forEachRow { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(try select.run().count == 1000)
    }

    @Test func errorsCarryCodeMessageAndSQL() throws {
        let db = try Database(path: directory.file("index.sqlite"))
        try db.execute("CREATE TABLE source (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)")
        try db.execute("INSERT INTO source (path) VALUES (?)", [.text("a.wav")])
        #expect {
            try db.execute("INSERT INTO source (path) VALUES (?)", [.text("a.wav")])
        } throws: { error in
            let e = error as? SQLiteError
            return e?.primaryCode == 19 && e?.code == 2067 && e?.sql?.contains("INSERT") == true
                && e!.message.contains("UNIQUE")
        }
        #expect { try db.execute("SELEKT 1") } throws: {
            ($0 as? SQLiteError)?.message.contains("syntax error") == true
        }
    }

    @Test func transactionsRollBackOnError() throws {
        let db = try Database(path: directory.file("index.sqlite"))
        try db.execute("CREATE TABLE t (x INTEGER NOT NULL)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }
        #expect(try db.execute("SELECT count(*) FROM t") == [[.integer(0)]])
        try db.transaction { try db.execute("INSERT INTO t VALUES (2)") }
        #expect(try db.execute("SELECT x FROM t") == [[.integer(2)]])
    }

    @Test func openingADirectoryFailsWithThePath() {
        #expect { try Database(path: directory.path) } throws: { ($0 as? SQLiteError)?.path == directory.path }
    }
}
