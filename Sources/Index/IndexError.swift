import SQLite

/// An index that cannot be used, with its path.
public struct IndexError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        case sqlite(SQLiteError)
        /// Written by a newer melshard, whose schema this one does not know.
        case newerSchema(found: Int, known: Int)
        case missing
        /// The file is SQLite's but holds no schema: the build that made it stopped (a full disk,
        /// a kill) before its first transaction committed.
        case unfinished
    }

    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        // SQLite's own error already names the file it opened; the path is said once.
        case .sqlite(let e): e.path == path ? "\(e)" : "\(path): \(e)"
        case .newerSchema(let found, let known):
            "\(path): index schema version \(found) is newer than this melshard knows (\(known)); upgrade melshard"
        case .missing: "\(path): no index here; is this a melshard output directory?"
        case .unfinished:
            "\(path): holds no index yet: the build that made it stopped before writing its tables; "
                + "run `melshard build RECIPE --out DIR` again"
        }
    }
}
