import Build
import Foundation
import Ingest
import MelshardCore
import Recipe
import SQLite
import TestSupport
import Testing

/// Scans a fixture's corpus with the reader of `options`' kind, in-process.
func scan(_ fixture: CorpusFixture, name: String = "c", _ options: CorpusOptions) throws -> CorpusScan {
    try CorpusReader.scan(
        CorpusSpec(name: name, kind: options.kind, root: fixture.root, options: options),
        context: IngestContext(workDirectory: fixture.directory.file("work")))
}

/// Builds the fixture's recipe with a real `melshard build` and decodes its report; a failed
/// build is recorded with its stderr.
@discardableResult
func buildReport(_ fixture: CorpusFixture, _ extra: [String] = []) throws -> BuildReport {
    let outcome = try fixture.build(extra)
    guard outcome.status == 0, !outcome.killedBySignal else {
        Issue.record("melshard build failed (\(outcome.status)): \(outcome.stderr)")
        throw BuildFailure(stderr: outcome.stderr)
    }
    return try JSONDecoder().decode(BuildReport.self, from: Data(outcome.stdout.utf8))
}

struct BuildFailure: Error { var stderr: String }

/// A source as the index records it.
struct IndexedSource: Equatable {
    var labels: [String]
    var group: String
    var split: String?
    var attributes: [String: String]
}

/// The built index's sources by path.
func indexedSources(_ fixture: CorpusFixture) throws -> [String: IndexedSource] {
    let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
    var out: [String: IndexedSource] = [:]
    for row in try db.execute("SELECT id, path, group_key, official_split FROM sources") {
        let id = row[0].integer ?? 0
        let labels = try db.execute(
            "SELECT l.name FROM source_labels s JOIN labels l ON l.id = s.label_id WHERE s.source_id = ? ORDER BY l.name",
            [.integer(id)]
        ).compactMap { $0[0].text }
        var attributes: [String: String] = [:]
        for a in try db.execute("SELECT key, value FROM source_attributes WHERE source_id = ?", [.integer(id)]) {
            attributes[a[0].text ?? ""] = a[1].text ?? ""
        }
        out[row[1].text ?? ""] = IndexedSource(
            labels: labels, group: row[2].text ?? "", split: row[3].text, attributes: attributes)
    }
    return out
}

/// The built index's rejects as `code path:line` strings, sorted, for compact assertions.
func indexedRejects(_ fixture: CorpusFixture) throws -> [String] {
    let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
    return try db.execute("SELECT code, path, line FROM rejects ORDER BY code, path, line").map { row in
        "\(row[0].text ?? "") \(row[1].text ?? "")" + (row[2].int.map { ":\($0)" } ?? "")
    }
}
