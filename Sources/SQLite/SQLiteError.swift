/// A failure reported by SQLite, with its extended result code, its message and the SQL.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067, …).
    public var code: Int32
    public var message: String
    /// The statement being prepared or run, when there was one.
    public var sql: String?
    /// The database file.
    public var path: String

    /// The primary result code: `code & 0xff` (`SQLITE_BUSY` is 5, `SQLITE_CONSTRAINT` 19).
    public var primaryCode: Int32 { code & 0xff }

    public var description: String {
        // A full disk is the user's to fix, not a bug to report: say so, without the SQL.
        if primaryCode == 13 { return "\(path): the disk is full (SQLite error \(code)); free space and run again" }
        return "\(path): SQLite error \(code): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }
}
