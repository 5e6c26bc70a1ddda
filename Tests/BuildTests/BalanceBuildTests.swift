import Build
import Foundation
import SQLite
import Safetensors
import TestSupport
import Testing

/// Balance end to end: a real `melshard build` of uneven classes, then `plan`, `check`,
/// `status` and the card, and `check` against an index leaked on purpose.
@Suite struct BalanceBuildTests {
    /// jazz 4 sources, rock 12, speech 2 (merged into "talk", then dropped by min_sources).
    func fixture(_ label: String, clips: String, splits: String) throws -> FolderCorpusFixture {
        let fixture = try FolderCorpusFixture(label: label, filesPerClass: 2)
        for i in 2..<4 { try fixture.writeSource("jazz", i) }
        for i in 2..<12 { try fixture.writeSource("rock", i) }
        try fixture.writeRecipe(
            """
            [classes]
            merge = { speech = "talk" }
            min_sources = 3

            [splits]
            \(splits)
            """, clips: clips)
        return fixture
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> (T, Int32) {
        let outcome = try Melshard.run(arguments + ["--json"])
        return (try JSONDecoder().decode(T.self, from: Data(outcome.stdout.utf8)), outcome.status)
    }

    @Test func perClassKfoldBuildIsPlannedCheckedAndCarded() throws {
        let fixture = try fixture(
            "balance-kfold", clips: "length_seconds = 0.5\nper_class = 10\nmax_per_source = 3",
            splits: "method = \"kfold\"\nfolds = 2")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)

        let rejects = try query(out, "SELECT code, reason FROM rejects WHERE stage = 'balance' ORDER BY path")
        #expect(rejects.map { $0[0].text } == ["class-not-selected", "class-not-selected"])
        #expect(
            rejects.allSatisfy {
                ($0[1].text ?? "").contains("'talk': 2 source(s), fewer than classes.min_sources = 3")
            })

        let (plan, status) = try json(PlanReport.self, ["plan", out])
        #expect(status == 0 && plan.perClass == 10 && plan.folds == 2)
        let rows = Dictionary(uniqueKeysWithValues: plan.classes.map { ($0.label, $0) })
        #expect(Array(rows.keys).sorted() == ["jazz", "rock"])
        #expect(
            rows["jazz"]?.total.clips == 10 && rows["jazz"]?.total.sources == 4
                && rows["jazz"]?.total.cropsPerSource == ["3": 2, "2": 2])
        #expect(
            rows["rock"]?.total.clips == 10 && rows["rock"]?.sourcesFound == 12
                && rows["rock"]?.total.maxClipsPerSource == 1)
        #expect(
            rows.values.allSatisfy {
                $0.folds.values.map(\.clips).reduce(0, +) == 10 && $0.splits.keys.sorted() == ["train"]
            })
        let reasons = try query(out, "SELECT DISTINCT reason FROM clips ORDER BY reason").compactMap { $0[0].text }
        #expect(reasons == ["crop 1 of 2", "crop 1 of 3", "crop 2 of 2", "crop 2 of 3", "crop 3 of 3", "subset"])
        let text = try Melshard.run(["plan", out])
        #expect(text.status == 0 && text.stdout.contains("fold 1") && text.stdout.contains("3×2"))

        let (check, checkStatus) = try json(LeakageCheck.self, ["check", out])
        #expect(checkStatus == 0 && check.passed && check.clips == 20 && check.sources == 14)

        let (report, _) = try json(StatusReport.self, ["status", out])
        #expect(
            report.balance["jazz"]
                == StatusReport.ClassCounts(
                    sourcesFound: 4, sourcesUsed: 4, clips: 10, meanClipsPerSource: 2.5,
                    maxClipsPerSource: 3))
        let card =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/dataset.json")))
            as! [String: Any]
        let balance = card["balance"] as! [String: Any]
        let jazz = (balance["classes"] as! [String: Any])["jazz"] as! [String: Any]
        #expect(balance["per_class"] as? Int == 10 && balance["folds"] as? Int == 2)
        #expect(
            jazz["sources_found"] as? Int == 4 && jazz["clips"] as? Int == 10
                && jazz["max_clips_per_source"] as? Int == 3)
        #expect(jazz["mean_clips_per_source"] as? Double == 2.5 && (jazz["per_fold"] as? [String: Any])?.count == 2)

        // Training reads folds from the shards, as a Python user would: each row's fold is the index's.
        #expect(card["folds"] as? Int == 2)
        let foldOf = Dictionary(
            uniqueKeysWithValues: try query(out, "SELECT id, fold FROM clips").map { ($0[0].integer!, $0[1].int!) })
        for shard in card["shards"] as! [[String: Any]] {
            let file = try SafetensorsFile(path: out + "/" + (shard["file"] as! String))
            #expect(file.header.metadata["folds"] == "2")
            #expect(zip(try file.int64s("clip_ids"), try file.int32s("folds")).allSatisfy { foldOf[$0] == Int($1) })
        }
    }

    @Test func checkNamesPlantedLeaks() throws {
        let fixture = try fixture(
            "balance-leak", clips: "length_seconds = 0.5\ncrop = \"random\"\nper_source = 2",
            splits: "ratios = { train = 0.5, validation = 0, test = 0.5 }")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        #expect(try Melshard.run(["check", out]).status == 0)
        // Stratified: 4 jazz and 12 rock sources, one per group, split half and half.
        let perSplit = try query(
            out,
            """
            SELECT l.name, c.split, COUNT(DISTINCT c.source_id) FROM clips c JOIN clip_labels cl ON cl.clip_id = c.id
            JOIN labels l ON l.id = cl.label_id GROUP BY l.name, c.split ORDER BY l.name, c.split
            """
        ).map { "\($0[0].text!) \($0[1].text!) \($0[2].int!)" }
        #expect(perSplit == ["jazz test 2", "jazz train 2", "rock test 6", "rock train 6"])

        let db = try Database(path: out + "/index.sqlite")
        // One crop of a rock source moves to the other split: the source and its group leak.
        let leaked = try db.execute(
            """
            SELECT s.path, c.id, c.split FROM clips c JOIN sources s ON s.id = c.source_id WHERE s.path LIKE 'rock/%' ORDER BY s.path, c.id LIMIT 1
            """)[0]
        let other = leaked[2].text == "train" ? "test" : "train"
        try db.execute("UPDATE clips SET split = ? WHERE id = ?", [.text(other), leaked[1]])
        // A jazz source in train gets the bytes of one in test: identical audio on both sides.
        let train = try db.execute(
            """
            SELECT DISTINCT s.id, s.path, c.split FROM clips c JOIN sources s ON s.id = c.source_id WHERE s.path LIKE 'jazz/%' ORDER BY c.split, s.path
            """)
        let a = train.first { $0[2].text == "test" }!, b = train.first { $0[2].text == "train" }!
        try db.execute(
            "UPDATE sources SET content_hash = (SELECT content_hash FROM sources WHERE id = ?) WHERE id = ?",
            [a[0], b[0]])

        let outcome = try Melshard.run(["check", out])
        #expect(outcome.status == 1)
        let path = leaked[0].text!
        #expect(
            outcome.stdout.contains("source music/\(path) is in test (1 clip) and train (1 clip)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("group music/\(path) is in"))
        #expect(
            outcome.stdout.contains("audio ") && outcome.stdout.contains("music/\(a[1].text!)")
                && outcome.stdout.contains("music/\(b[1].text!)"))
        let (check, status) = try json(LeakageCheck.self, ["check", out])
        #expect(status == 1 && !check.passed && Set(check.leaks.map(\.kind)) == ["group", "source", "audio"])
        // A fold counts as a place of its own.
        try db.execute("UPDATE clips SET split = ? WHERE id = ?", [leaked[2], leaked[1]])
        try db.execute("UPDATE clips SET fold = 3 WHERE id = ?", [leaked[1]])
        #expect(try Melshard.run(["check", out]).stdout.contains("fold 3"))
    }
}
