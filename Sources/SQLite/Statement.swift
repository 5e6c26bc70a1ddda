import CSQLite

/// A compiled statement of one `Database`, reusable with new arguments.
public final class Statement {
    private let database: Database
    private let handle: OpaquePointer
    public let sql: String

    init(database: Database, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `arguments` to the `?` parameters, runs the statement and returns every row.
    @discardableResult
    public func run(_ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        var rows: [[SQLiteValue]] = []
        try bind(arguments)
        while let row = try step() { rows.append(row) }
        return rows
    }

    /// Binds `arguments`, runs the statement and hands `body` each row as it is stepped, so a
    /// query of millions of rows (a study-size plan's clips) holds one row at a time.
    public func forEachRow(_ arguments: [SQLiteValue] = [], _ body: ([SQLiteValue]) throws -> Void) throws {
        try bind(arguments)
        while let row = try step() { try body(row) }
    }

    private func bind(_ arguments: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in arguments.enumerated() {
            let index = Int32(i + 1)
            let status: Int32 =
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let v): sqlite3_bind_int64(handle, index, v)
                case .real(let v): sqlite3_bind_double(handle, index, v)
                case .text(let v): sqlite3_bind_text(handle, index, v, -1, CSQLite_transient())
                case .blob(let v):
                    v.withUnsafeBytes {
                        sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), CSQLite_transient())
                    }
                }
            try database.check(status, sql: sql)
        }
    }

    /// The next row, or nil when the statement is done.
    private func step() throws(SQLiteError) -> [SQLiteValue]? {
        let status = sqlite3_step(handle)
        if status == SQLITE_DONE { return nil }
        guard status == SQLITE_ROW else { try database.check(status, sql: sql); return nil }
        return (0..<sqlite3_column_count(handle)).map(column)
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}
