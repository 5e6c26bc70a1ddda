import Index

/// A damaged `index.sqlite`: its path and what SQLite found. Every reader of an output turns
/// SQLite's own corruption errors into this one line, which names the file once and says how to
/// recover, instead of a raw SQLite message with a statement in it.
public struct IndexDamage: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// SQLite's words, one per problem found.
    public var problems: [String]

    public var description: String {
        let first = problems.first ?? "damaged"
        let more = problems.count > 1 ? " (and \(problems.count - 1) more problem(s))" : ""
        return "\(path): the index is damaged: \(first)\(more)"
    }

    /// How to get a usable output back. The shards are separate files with their own hashes in
    /// `verify`, so a damaged index loses the record of the build, never the features.
    public static let recovery =
        "the shards are separate files and not affected; delete \(Index.fileName) (and any \(Index.fileName)-wal "
        + "and -shm beside it) and build again, which reuses nothing and rewrites every shard"

    /// The damage an error reports, when it is SQLite's corruption or not-a-database error.
    static func from(_ error: any Error, path: String) -> IndexDamage? {
        Index.damageMessage(error).map { IndexDamage(path: path, problems: [$0]) }
    }

    /// Runs `body`, which reads the index of `directory`, and rethrows SQLite's corruption
    /// errors as `IndexDamage`.
    static func detecting<T>(in directory: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw from(error, path: directory + "/" + Index.fileName) ?? error
        }
    }

    /// Opens the index of `directory` and checks it with `PRAGMA quick_check`; throws
    /// `IndexDamage` when the file cannot be read as a database or the check finds problems.
    static func checked(directory: String, readOnly: Bool) throws -> Index {
        try checked(file: directory + "/" + Index.fileName, readOnly: readOnly)
    }

    /// Likewise for the index file at `file` (a build part's, say). With `check` false only
    /// opening can fail: for an index that a build of ours left as it is (`IndexStamp`).
    static func checked(file: String, readOnly: Bool, check: Bool = true) throws -> Index {
        let index: Index
        do { index = try Index(file: file, readOnly: readOnly) } catch { throw from(error, path: file) ?? error }
        guard check else { return index }
        let problems = try index.integrityProblems()
        if !problems.isEmpty { throw IndexDamage(path: index.path, problems: problems) }
        return index
    }
}
