import Foundation
import SQLite

/// `index.sqlite`: the queryable record of a build. The schema is versioned by
/// `PRAGMA user_version` and migrated forward on open.
public final class Index {
    public static let fileName = "index.sqlite"
    public static var schemaVersion: Int { Migrations.all.count }

    /// The connection, kept inside this module: every read and write is a method of `Index`
    /// (`Index+Reads.swift`, `Index+Writes.swift`), so no other module depends on the schema.
    let database: Database
    public let path: String

    /// Opens the index of an output directory, creating and migrating it unless `readOnly`.
    public convenience init(directory: String, readOnly: Bool = false) throws(IndexError) {
        try self.init(file: directory + "/" + Self.fileName, readOnly: readOnly)
    }

    /// Opens the index file at `file`: an output's `index.sqlite`, or a build part's own index
    /// (`parts/I-of-N.sqlite`, docs/cluster.md), which has the same schema.
    public init(file: String, readOnly: Bool = false) throws(IndexError) {
        path = file
        if readOnly && !FileManager.default.fileExists(atPath: path) { throw IndexError(path: path, reason: .missing) }
        do {
            database = try Database(path: path, readOnly: readOnly)
            let version = try Self.userVersion(database)
            if version > Self.schemaVersion {
                throw IndexError(path: path, reason: .newerSchema(found: version, known: Self.schemaVersion))
            }
            // A reader must not create the schema, so an index never given one is said to be so.
            if readOnly && version == 0 { throw IndexError(path: path, reason: .unfinished) }
            if !readOnly && version < Self.schemaVersion { try migrate(from: version) }
        } catch let error as SQLiteError {
            throw IndexError(path: path, reason: .sqlite(error))
        } catch let error as IndexError {
            throw error
        } catch {
            preconditionFailure("unexpected \(error)")
        }
    }

    static func userVersion(_ db: Database) throws(SQLiteError) -> Int {
        guard case .integer(let v)? = try db.execute("PRAGMA user_version").first?.first else { return 0 }
        return Int(v)
    }

    private func migrate(from version: Int) throws(SQLiteError) {
        for (i, script) in Migrations.all.enumerated().dropFirst(version) {
            do {
                try database.transaction {
                    try database.executeScript(script)
                    try database.execute("PRAGMA user_version = \(i + 1)")
                }
            } catch let error as SQLiteError {
                throw error
            } catch {
                preconditionFailure("unexpected \(error)")
            }
        }
    }

    // MARK: - meta

    public func meta(_ key: String) throws(SQLiteError) -> String? {
        guard
            case .text(let v)? = try database.execute("SELECT value FROM meta WHERE key = ?", [.text(key)]).first?.first
        else { return nil }
        return v
    }

    public func setMeta(_ key: String, _ value: String) throws(SQLiteError) {
        try database.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }
}
