import Build
import Foundation
import SQLite
import Safetensors
import TestSupport
import Testing

/// Two corpora, two tasks in one dataset (study 000: genres and words): every shard row says its
/// task, and labels are numbered over all tasks or per task as `label_space` says.
@Suite struct DualTaskBuildTests {
    func build(
        labelSpace: String?
    ) throws -> (fixture: CorpusFixture, card: [String: Any], rows: [(clip: Int64, task: Int32, label: Int32)]) {
        let fixture = try CorpusFixture("dual-task")
        for label in ["rock", "jazz"] { for i in 0..<3 { try fixture.audio("music/\(label)/\(label)-\(i).wav") } }
        for label in ["yes", "no", "rock"] { for i in 0..<2 { try fixture.audio("words/\(label)/\(label)-\(i).wav") } }
        try """
        name = "dual"
        seed = 1

        [[corpus]]
        name = "genres"
        kind = "folder"
        root = "corpus/music"
        task = "music"

        [[corpus]]
        name = "speech"
        kind = "folder"
        root = "corpus/words"
        task = "words"

        [task]
        \(labelSpace.map { "label_space = \"\($0)\"" } ?? "")

        [clips]
        length_seconds = 0.5
        crop = "start"

        [splits]
        method = "none"

        [features]
        sample_rate = 8000
        n_fft = 256
        hop_length = 128
        n_mels = 32
        """.write(toFile: fixture.recipe, atomically: true, encoding: .utf8)
        let outcome = try fixture.build()
        guard outcome.status == 0 else {
            Issue.record("build failed: \(outcome.stderr)")
            throw BuildFailed(stderr: outcome.stderr)
        }
        let card =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fixture.output + "/dataset.json"))) as! [String: Any]
        var rows: [(Int64, Int32, Int32)] = []
        for shard in try FileManager.default.contentsOfDirectory(atPath: fixture.output + "/shards") {
            let file = try SafetensorsFile(path: fixture.output + "/shards/" + shard)
            rows += zip(zip(try file.int64s("clip_ids"), try file.int32s("tasks")), try file.int32s("labels")).map {
                ($0.0, $0.1, $1)
            }
        }
        return (fixture, card, rows)
    }

    /// The source folder of each clip id, from the index: which task and label it really has.
    func truth(_ fixture: CorpusFixture) throws -> [Int64: (corpus: String, label: String)] {
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        var out: [Int64: (String, String)] = [:]
        for row in try db.execute("SELECT c.id, s.corpus, s.path FROM clips c JOIN sources s ON s.id = c.source_id") {
            out[row[0].integer!] = (row[1].text!, String(row[2].text!.split(separator: "/")[0]))
        }
        return out
    }

    @Test func separateSpacesNumberEachTasksClassesFromZero() throws {
        let (fixture, card, rows) = try build(labelSpace: "separate")
        let tasks = card["tasks"] as! [[String: Any]]
        #expect(card["label_space"] as? String == "separate")
        #expect(tasks.map { $0["name"] as! String } == ["music", "words"])
        let taskLabels = tasks.map { $0["labels"] as! [String] }
        #expect(taskLabels == [["jazz", "rock"], ["no", "rock", "yes"]])
        let truth = try truth(fixture)
        #expect(rows.count == 12)
        for row in rows {
            let (corpus, label) = truth[row.clip]!
            #expect(Int(row.task) == (corpus == "genres" ? 0 : 1))
            #expect(taskLabels[Int(row.task)][Int(row.label)] == label)
        }
    }

    @Test func aCombinedSpaceNumbersEveryClassOnceWithTheTaskBeside() throws {
        let (fixture, card, rows) = try build(labelSpace: nil)
        #expect(card["label_space"] as? String == "combined")
        let labels = card["labels"] as! [String]
        #expect(labels == ["jazz", "no", "rock", "yes"], "a name in two tasks is one class in a combined space")
        let truth = try truth(fixture)
        #expect(rows.count == 12)
        for row in rows {
            let (corpus, label) = truth[row.clip]!
            #expect(Int(row.task) == (corpus == "genres" ? 0 : 1))
            #expect(labels[Int(row.label)] == label)
        }
    }
}
