import SQLite

extension Index {
    /// What SQLite's `PRAGMA quick_check` finds wrong with the file (at most `limit` lines), or
    /// an empty array when it is sound. It checks every page's b-tree structure, record formats
    /// and NOT NULL constraints in one pass over the file, without comparing indexes to tables.
    /// Damage that SQLite refuses to read past (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) is returned
    /// as its message, like a problem found; other failures are thrown.
    public func integrityProblems(limit: Int = 20) throws(SQLiteError) -> [String] {
        do {
            let rows = try database.execute("PRAGMA quick_check(\(max(1, limit)))").compactMap { $0.first?.text }
            if rows == ["ok"] { return [] }
            // A row may hold several lines, the first naming the schema ("*** in database main ***").
            return rows.flatMap { $0.split(separator: "\n") }.map(String.init).filter { !$0.hasPrefix("*** ") }
        } catch  where Self.isDamage(error) {
            return [error.message]
        }
    }

    /// Whether a failure means the file itself is damaged: SQLite's primary codes
    /// `SQLITE_CORRUPT` (11) and `SQLITE_NOTADB` (26).
    static func isDamage(_ error: SQLiteError) -> Bool {
        error.primaryCode == 11 || error.primaryCode == 26
    }

    /// SQLite's message when `error`, thrown by opening or reading an index, says the file is
    /// damaged (corrupt, or not a database at all); nil for any other error. Lets modules that
    /// do not see SQLite's types tell a damaged index from a busy or missing one.
    public static func damageMessage(_ error: any Error) -> String? {
        switch error {
        case let error as SQLiteError where isDamage(error): error.message
        case let error as IndexError:
            if case .sqlite(let sqlite) = error.reason, isDamage(sqlite) { sqlite.message } else { nil }
        default: nil
        }
    }
}
