import Build
import Foundation
import SQLite
import TestSupport
import Testing

/// Runs `melshard build` as a real subprocess and reads its `--json` report.
func build(
    _ fixture: FolderCorpusFixture, out: String, jobs: Int = 1, extra: [String] = [],
    environment: [String: String] = [:]
) throws -> BuildReport {
    let outcome = try Melshard.run(
        ["build", fixture.recipe, "--out", out, "--jobs", String(jobs), "--json"] + extra, environment: environment)
    guard outcome.status == 0, !outcome.killedBySignal else {
        Issue.record("melshard build failed (\(outcome.status)): \(outcome.stderr)")
        throw BuildFailed(stderr: outcome.stderr)
    }
    return try JSONDecoder().decode(BuildReport.self, from: Data(outcome.stdout.utf8))
}

struct BuildFailed: Error { var stderr: String }

/// Everything a build leaves, in comparable form: shard bytes, the card's bytes, and the
/// index's rows with timestamps (builds, file modification times) left out.
struct OutputSnapshot: Equatable {
    var shards: [String: Data]
    var card: Data
    var index: [String: [[SQLiteValue]]]

    init(_ directory: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/shards").sorted()
        shards = [:]
        for name in names { shards[name] = FileManager.default.contents(atPath: directory + "/shards/" + name) }
        card = FileManager.default.contents(atPath: directory + "/dataset.json") ?? Data()
        let db = try Database(path: directory + "/index.sqlite", readOnly: true)
        index = [:]
        let tables = try db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
            $0[0].text
        }
        for table in tables where table != "builds" {
            let columns = try db.execute("SELECT name FROM pragma_table_info('\(table)')").compactMap { $0[0].text }
                .filter { $0 != "mtime_ns" || table == "sources" }
            let list = columns.joined(separator: ", ")
            index[table] = try db.execute("SELECT \(list) FROM \(table) ORDER BY \(list)")
        }
    }
}

/// Rows of one query against a build's index.
func query(_ directory: String, _ sql: String) throws -> [[SQLiteValue]] {
    try Database(path: directory + "/index.sqlite", readOnly: true).execute(sql)
}

/// The shards whose file was (re)written by a build.
func rewrittenShards(_ report: BuildReport) -> Set<String> {
    Set(report.rebuiltUnits.filter { $0.stage == "shard" }.map(\.name))
}
