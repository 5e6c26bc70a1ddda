import Build
import Foundation
import SQLite
import SoundFile
import TestSupport
import Testing

/// `[align]` end to end: Common Voice sentences in, one clip per occurrence of a target word
/// out, centred on the word, labelled with it, and its span in `word_spans`.
@Suite struct WordClipBuildTests {
    /// A "recording": leading silence, then one 0.3-s burst per word with 0.1-s pauses, then
    /// trailing silence; what an energy VAD and a syllable count can place.
    static func recording(words: Int, lead: Double, rate: Int = 16000) -> [Float] {
        var samples = [Float](repeating: 0, count: Int(lead * Double(rate)))
        for w in 0..<words {
            samples += (0..<Int(0.3 * Double(rate))).map { n in
                Float(0.4 * sin(2 * Double.pi * Double(220 + 40 * w) * Double(n) / Double(rate)))
            }
            samples += [Float](repeating: 0, count: Int(0.1 * Double(rate)))
        }
        return samples + [Float](repeating: 0, count: Int(0.4 * Double(rate)))
    }

    @Test func targetWordsBecomeClipsCentredOnThem() throws {
        let fixture = try CorpusFixture("word-clips")
        let sentences = ["the cat sat", "a cat ran", "the dog sat down", "dog and cat", "birds flew"]
        var rows = "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccent\n"
        for (i, sentence) in sentences.enumerated() {
            let words = sentence.split(separator: " ").count
            try FileManager.default.createDirectory(atPath: fixture.root + "/clips", withIntermediateDirectories: true)
            try SoundFile.write(
                Self.recording(words: words, lead: 0.2 + 0.3 * Double(i)), sampleRate: 16000, format: .mp3,
                to: fixture.root + "/clips/s\(i).mp3")
            rows += "speaker\(i % 2)\ts\(i).mp3\t\(sentence)\t2\t0\t\t\t\n"
        }
        try fixture.text("validated.tsv", rows)
        try fixture.writeRecipe(
            corpus: "name = \"cv\"\nkind = \"common-voice\"",
            """
            [align]
            method = "trimmed"
            top_k = 2

            [splits]
            method = "none"
            """, clips: "length_seconds = 1.0\nshort = \"pad\"")
        let report = try buildJSON(fixture)
        // cat ×3, then dog, sat and the ×2 (ties go alphabetically): cat and dog; "birds flew" holds neither.
        #expect(report.clips == 5)
        #expect(report.rejectsByCode == ["no-target-word": 1])
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        let labels = try db.execute(
            """
            SELECT l.name, COUNT(*) FROM clips c JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id
            WHERE c.reason = 'word' GROUP BY l.name ORDER BY l.name
            """
        ).map { "\($0[0].text ?? "") \($0[1].int ?? 0)" }
        #expect(labels == ["cat 3", "dog 2"])
        // Each clip's centre lies on its word's span.
        let centred = try db.execute(
            """
            SELECT c.start_seconds + c.duration_seconds / 2, w.start_seconds, w.end_seconds, c.id FROM clips c
            JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id
            JOIN word_spans w ON w.source_id = c.source_id AND w.word = l.name
            """)
        #expect(centred.count >= 5)
        #expect(
            centred.allSatisfy { row in
                let (centre, start, end) = (row[0].real ?? -1, row[1].real ?? 0, row[2].real ?? 0)
                return centre >= start - 0.5 && centre <= end + 0.5
            })
        // And exactly on the middle of one occurrence of it (short = "pad": no clamping), to the
        // sample at 8 kHz. A word said twice gives two spans; the clip sits on one of them.
        let byClip = Dictionary(grouping: centred) { $0[3].integer ?? 0 }
        #expect(byClip.count == 5)
        for (clip, rows) in byClip {
            let centre = rows[0][0].real ?? -1
            let nearest = rows.map { abs(centre - ((($0[1].real ?? 0) + ($0[2].real ?? 0)) / 2)) }.min() ?? .infinity
            #expect(nearest <= 1.0 / 8000 + 1e-9, "clip \(clip) is \(nearest) s off its word's middle")
        }
        // A second build aligns nothing again.
        let again = try buildJSON(fixture)
        #expect(again.units["align"]?.rebuilt == 0 && again.units["align"]?.reused == 4)
    }

    /// `synthesized` reads each sentence in a fresh `melshard align synthesize` process, so the
    /// result does not depend on the order sentences were aligned in.
    @Test func synthesizedAlignmentGivesTheSameBytesWithOneJobOrTwo() throws {
        let fixture = try CorpusFixture("word-clips-synth")
        let sentences = ["the cat sat", "a cat ran", "the dog sat down", "dog and cat"]
        var rows = "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccent\n"
        try FileManager.default.createDirectory(atPath: fixture.root + "/clips", withIntermediateDirectories: true)
        for (i, sentence) in sentences.enumerated() {
            try SoundFile.write(
                Self.recording(words: sentence.split(separator: " ").count, lead: 0.3), sampleRate: 16000,
                format: .wav16,
                to: fixture.root + "/clips/s\(i).mp3")
            rows += "speaker\(i)\ts\(i).mp3\t\(sentence)\t2\t0\t\t\t\n"
        }
        try fixture.text("validated.tsv", rows)
        try fixture.writeRecipe(
            corpus: "name = \"cv\"\nkind = \"common-voice\"",
            """
            [align]
            top_k = 2

            [splits]
            method = "none"
            """, clips: "length_seconds = 1.0\nshort = \"pad\"")
        let one = fixture.directory.file("one"), two = fixture.directory.file("two")
        for (out, jobs) in [(one, "1"), (two, "2")] {
            let outcome = try Melshard.run(["build", fixture.recipe, "--out", out, "--jobs", jobs])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let spans = { (out: String) in
            try Database(path: out + "/index.sqlite", readOnly: true)
                .execute(
                    "SELECT source_id, word, start_seconds, end_seconds, score FROM word_spans ORDER BY source_id, start_seconds"
                )
        }
        #expect(try spans(one) == spans(two))
        #expect(try spans(one).count == 5)
        #expect(try OutputSnapshot(one) == OutputSnapshot(two))
    }

    /// `word_jitter` end to end: every word class reaches `per_class`, each clip holds its
    /// word's aligned span with the margin, and `melshard plan --json` and the card give the
    /// oversampling per occurrence.
    @Test func jitteredWordCropsFillEachWordClassAndThePlanSaysHow() throws {
        let fixture = try CorpusFixture("word-jitter")
        let sentences = ["the cat sat", "a cat ran", "the dog sat down", "dog and cat"]
        var rows = "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccent\n"
        try FileManager.default.createDirectory(atPath: fixture.root + "/clips", withIntermediateDirectories: true)
        for (i, sentence) in sentences.enumerated() {
            let words = sentence.split(separator: " ").count
            try SoundFile.write(
                Self.recording(words: words, lead: 0.6 + 0.3 * Double(i)), sampleRate: 16000, format: .mp3,
                to: fixture.root + "/clips/s\(i).mp3")
            rows += "speaker\(i % 2)\ts\(i).mp3\t\(sentence)\t2\t0\t\t\t\n"
        }
        try fixture.text("validated.tsv", rows)
        try fixture.writeRecipe(
            corpus: "name = \"cv\"\nkind = \"common-voice\"",
            """
            [align]
            method = "trimmed"
            top_k = 2

            [splits]
            method = "none"
            """, clips: "length_seconds = 1.0\nper_class = 9\nword_jitter = true\nword_margin_seconds = 0.05")
        let report = try buildJSON(fixture)
        #expect(report.clips == 18)
        #expect(report.rejectsByCode["class-short"] == nil, "\(report.rejectsByCode)")
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        // Every clip holds one aligned span of its word with 50 ms to spare on both sides.
        let held = try db.execute(
            """
            SELECT c.id, c.reason, MAX(c.start_seconds + 0.05 <= w.start_seconds + 1e-9
                   AND w.end_seconds + 0.05 <= c.start_seconds + c.duration_seconds + 1e-9)
            FROM clips c JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id
            JOIN word_spans w ON w.source_id = c.source_id AND w.word = l.name GROUP BY c.id
            """)
        #expect(held.count == 18)
        for row in held { #expect(row[2].int == 1, "clip \(row[0].integer ?? 0) (\(row[1].text ?? "")) cuts its word") }

        let plan = try Melshard.run(["plan", fixture.output, "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let classes = try #require(json["classes"] as? [[String: Any]])
        var occurrences: [String: Int] = [:]
        for row in classes {
            let total = try #require(row["total"] as? [String: Any])
            #expect(total["clips"] as? Int == 9)
            let n = try #require(total["occurrences"] as? Int)
            occurrences[row["label"] as? String ?? ""] = n
            let mean = try #require(total["clips_per_occurrence_mean"] as? Double)
            #expect(abs(mean - 9.0 / Double(n)) < 1e-9)
            #expect(total["clips_per_occurrence_max"] as? Int == (9 + n - 1) / n)
        }
        // cat ×3 (one sentence each), dog ×2.
        #expect(occurrences == ["cat": 3, "dog": 2])
        let text = try Melshard.run(["plan", fixture.output])
        #expect(text.stdout.contains("(word: 3 occurrences, 3.00 / 3 clips per occurrence)"), "\(text.stdout)")
        let card = try String(contentsOfFile: fixture.output + "/dataset.json", encoding: .utf8)
        #expect(card.contains("\"clips_per_occurrence_max\""))
    }

    func buildJSON(_ fixture: CorpusFixture) throws -> BuildReport {
        let outcome = try fixture.build()
        guard outcome.status == 0 else {
            Issue.record("melshard build failed: \(outcome.stderr)")
            throw BuildFailed(stderr: outcome.stderr)
        }
        return try JSONDecoder().decode(BuildReport.self, from: Data(outcome.stdout.utf8))
    }
}
