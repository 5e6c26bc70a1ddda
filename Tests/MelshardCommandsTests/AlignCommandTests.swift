import Foundation
import SoundFile
import TestSupport
import Testing

/// `melshard align generate` and `melshard align evaluate` as subprocesses, on a corpus of two
/// sentences: one read by espeak-ng, one by festival (scripts/bootstrap installs both).
@Suite struct AlignCommandTests {
    let corpus = TemporaryDirectory("align-cli")

    /// The corpus's `truth.jsonl`, one object per clip.
    func truth() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: corpus.file("truth.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Words with a true span, over all clips.
    func timedWords() throws -> Int {
        try truth().reduce(0) { $0 + (($1["words"] as? [Any])?.filter { !($0 is NSNull) }.count ?? 0) }
    }

    /// One corpus, generated once (a few seconds), then evaluated twice.
    @Test func generateThenEvaluate() throws {
        try generateWritesACommonVoiceStyleCorpusWithTrueTimings()
        try evaluateReportsEveryMethodOverallAndPerSynthesiser()
        try evaluatePutsASecondCorpusBesideTheFirst()
        try evaluatePrintsAMarkdownTable()
    }

    func generateWritesACommonVoiceStyleCorpusWithTrueTimings() throws {
        let outcome = try Melshard.run(["align", "generate", "--out", corpus.path, "--sentences", "2", "--seed", "3"])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let clips = try truth()
        #expect(clips.count == 2)
        #expect(outcome.stdout == "wrote 2 clips with \(try timedWords()) timed words to \(corpus.path)\n")
        // Sentences alternate: espeak-ng first, festival second.
        #expect((clips[0]["synthesizer"] as? String)?.hasPrefix("espeak-ng:") == true)
        #expect(clips[1]["synthesizer"] as? String == "festival:kal")

        let tsv = try String(contentsOfFile: corpus.file("validated.tsv"), encoding: .utf8).split(separator: "\n")
        #expect(tsv.count == 3 && tsv[0].hasPrefix("client_id\tpath\tsentence\t"))
        for (clip, row) in zip(clips, tsv.dropFirst()) {
            let path = try #require(clip["path"] as? String)
            // validated.tsv names the file as Common Voice does, relative to clips/.
            #expect("clips/" + row.split(separator: "\t", omittingEmptySubsequences: false)[1] == path)
            // 48 kHz MP3, and every timed word inside it, in order.
            let info = try SoundFile(readingFrom: corpus.file(path)).info
            #expect(info.sampleRate == 48000 && info.container == .mp3)
            let spans = (clip["words"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
                .compactMap { word in
                    (word["start"] as? Double).flatMap { s in (word["end"] as? Double).map { (s, $0) } }
                }
            #expect(!spans.isEmpty)
            #expect(
                spans.allSatisfy { $0.0 >= 0.15 && $0.0 < $0.1 && $0.1 <= info.duration },
                "\(path): \(spans), \(info.duration) s")
            #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        }
        let settings = try JSONSerialization.jsonObject(
            with: Data(contentsOf: corpus.url.appendingPathComponent("generator.json")))
        #expect(
            (settings as? [String: String])?["sentences"] == "2"
                && (settings as? [String: String])?["festival"] == "true")
    }

    /// JSON rows: each method over all words, then per synthesiser, with shares in [0, 1].
    func evaluateReportsEveryMethodOverallAndPerSynthesiser() throws {
        let outcome = try Melshard.run([
            "align", "evaluate", "--out", corpus.path, "--methods", "proportional,trimmed",
            "--jobs", "2", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(
            rows.map { "\($0["method"] ?? "") \($0["subset"] ?? "")" } == [
                "proportional all", "proportional espeak-ng", "proportional festival",
                "trimmed all", "trimmed espeak-ng", "trimmed festival",
            ])
        let timed = try timedWords()
        for row in rows {
            let words = try #require(row["words"] as? Int)
            if row["subset"] as? String == "all" { #expect(words == timed) }
            for key in ["inCrop", "inWindow", "rejected", "inCropAccepted"] {
                let share = try #require(row[key] as? Double, "\(key)")
                #expect(share >= 0 && share <= 1, "\(key) \(share)")
            }
            let (median, p90) = (
                try #require(row["medianErrorMs"] as? Double), try #require(row["p90ErrorMs"] as? Double)
            )
            #expect(median >= 0 && median <= p90 && p90.isFinite)
        }
        let perSynthesiser = rows.filter { $0["subset"] as? String != "all" && $0["method"] as? String == "trimmed" }
        #expect(perSynthesiser.reduce(0) { $0 + ($1["words"] as? Int ?? 0) } == timed)
        #expect(outcome.stderr.contains("[align evaluate] 2/2"))
    }

    /// --real scores a second corpus beside the first: its rows follow, subsets prefixed "real:".
    func evaluatePutsASecondCorpusBesideTheFirst() throws {
        let outcome = try Melshard.run([
            "align", "evaluate", "--out", corpus.path, "--real", corpus.path, "--methods", "proportional", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(
            rows.map { "\($0["subset"] ?? "")" } == [
                "all", "espeak-ng", "festival", "real:all", "real:espeak-ng", "real:festival",
            ])
        // The same corpus twice: the same figures under both names.
        #expect("\(rows[0]["inCrop"] ?? "")" == "\(rows[3]["inCrop"] ?? "")")
        let missing = try Melshard.run(["align", "evaluate", "--out", corpus.path, "--real", "/nonexistent/real"])
        #expect(missing.status != 0 && missing.stderr.contains("--real /nonexistent/real: no truth.jsonl there"))
    }

    /// The default output is a Markdown table: a header, a rule, one row per method and subset;
    /// then the calibration table, one row per method and subset.
    func evaluatePrintsAMarkdownTable() throws {
        let outcome = try Melshard.run([
            "align", "evaluate", "--out", corpus.path, "--methods", "synthesized",
            "--min-confidence", "0.4",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // The summary table, a blank line, a caption, a blank line, the calibration table.
        let blocks = outcome.stdout.components(separatedBy: "\n\n")
        try #require(blocks.count == 3, "\(outcome.stdout)")
        let lines = blocks[0].split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(outcome.stdout)")
        let calibration = blocks[2].split(separator: "\n").map(String.init)
        #expect(calibration.first?.hasPrefix("| method | subset | ≥ 0.0: kept / in 2 s |") == true)
        #expect(calibration.count == 5)
        #expect(calibration.dropFirst(2).allSatisfy { $0.hasPrefix("| synthesized |") })
        #expect(lines[0].hasPrefix("| method | words | subset | median centre error (ms) |"))
        #expect(lines[1].hasPrefix("|---|---:|"))
        #expect(
            lines.dropFirst(2).map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[2] }
                == ["all", "espeak-ng", "festival"])
        #expect(lines.dropFirst(2).allSatisfy { $0.hasPrefix("| synthesized |") && $0.contains("(< 0.40)") })
    }

    @Test func badOptionsAreUsageErrors() throws {
        let methods = try Melshard.run(["align", "evaluate", "--out", corpus.path, "--methods", "proportional,guess"])
        #expect(
            methods.status == 64 && methods.stderr.contains("proportional, trimmed, synthesized"), "\(methods.stderr)")
        let sentences = try Melshard.run(["align", "generate", "--out", corpus.file("never"), "--sentences", "0"])
        #expect(sentences.status == 64 && sentences.stderr.contains("--sentences"), "\(sentences.stderr)")
        #expect(!FileManager.default.fileExists(atPath: corpus.file("never")))
    }

    /// `--no-festival` reads every sentence with espeak-ng; `evaluate` on an empty folder generates first.
    @Test func evaluateGeneratesAnEspeakOnlyCorpusWhenThereIsNone() throws {
        let directory = TemporaryDirectory("align-cli-espeak")
        let generate = try Melshard.run([
            "align", "generate", "--out", directory.path, "--sentences", "2", "--no-festival",
        ])
        #expect(generate.status == 0, "\(generate.stderr)")
        let text = try String(contentsOfFile: directory.file("truth.jsonl"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2 && !text.contains("festival"))

        let empty = TemporaryDirectory("align-cli-empty")
        let evaluate = try Melshard.run([
            "align", "evaluate", "--out", empty.path, "--sentences", "1",
            "--methods", "proportional", "--json",
        ])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(FileManager.default.fileExists(atPath: empty.file("truth.jsonl")))
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["subset"] as? String } == ["all", "espeak-ng"], "one sentence is read by espeak-ng")
    }
}
