import CSQLite

/// A value SQLite stores.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// One connection to an SQLite file, used from one thread at a time.
///
/// Opened in WAL mode with foreign keys on, so readers never block the build's single writer
/// and SQLite enforces the index's relations. The connection closes in `deinit`.
public final class Database {
    public let path: String
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`. The corresponding C function is `sqlite3_open_v2`.
    public init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(code: status, message: message, sql: nil, path: path)
        }
        self.path = path
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5000)
        if !readOnly { try execute("PRAGMA journal_mode = WAL") }
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one statement with `arguments` bound to its `?` parameters, and returns every row.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        try prepare(sql).run(arguments)
    }

    /// Runs one statement and hands `body` each row as it comes (`Statement.forEachRow`).
    public func forEachRow(
        _ sql: String, _ arguments: [SQLiteValue] = [], _ body: ([SQLiteValue]) throws -> Void
    )
        throws
    {
        try prepare(sql).forEachRow(arguments, body)
    }

    /// A statement compiled once, for the bulk writes of a build (100,000 clip rows).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), sql: sql)
        return Statement(database: self, handle: statement!, sql: sql)
    }

    /// Runs several `;`-separated statements without arguments, such as a migration.
    public func executeScript(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
    }

    /// Runs `body` inside one transaction, committed when it returns and rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Every SQLite status passes through here.
    func check(_ status: Int32, sql: String) throws(SQLiteError) {
        guard status != SQLITE_OK && status != SQLITE_ROW && status != SQLITE_DONE else { return }
        throw SQLiteError(
            code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql,
            path: path)
    }
}
