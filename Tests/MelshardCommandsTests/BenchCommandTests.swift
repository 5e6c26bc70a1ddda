import Foundation
import TestSupport
import Testing

/// `melshard bench …` as subprocesses with the smallest work each accepts. CI installs no
/// librosa or torch (scripts/bootstrap without --python), so the Python sides are skipped with
/// their flags, and their absence is tested with a reference that fails as a missing package would.
@Suite struct BenchCommandTests {
    let directory = TemporaryDirectory("bench-cli")

    /// A Python script that fails the way the reference scripts do without their packages.
    func missingPackageScript() throws -> String {
        let path = directory.file("needs_missing_package.py")
        try "import melshard_no_such_package\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One 30-s file with one crop, as WAV and MP3, and one dense-crop file with two crops
    /// (Jamendo-like files are minutes long, so none: that workload is left out, not shown at an
    /// infinite time per file).
    @Test func featuresMeasuresEachWorkloadAndTheFloor() throws {
        let common = [
            "bench", "features", "--out", directory.file("features"), "--files", "1", "--crops", "1",
            "--jamendo-files", "0", "--dense-files", "1", "--dense-crops", "2", "--repeats", "1",
        ]
        let json = try Melshard.run(common + ["--no-librosa", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["workload"] as? String } == ["gtzan-wav", "gtzan-mp3", "dense-au"])
        #expect(rows.allSatisfy { ($0["blas_core"] as? String)?.isEmpty == false && $0["cpu_vectors"] is String })
        #expect((rows[2]["melshard"] as? [String: Any])?["clips"] as? Int == 2)
        for row in rows.prefix(2) {
            let (ours, floor) = (
                try #require(row["melshard"] as? [String: Any]), try #require(row["floor"] as? [String: Any])
            )
            #expect(ours["tool"] as? String == "melshard" && floor["tool"] as? String == "floor")
            #expect(ours["clips"] as? Int == 1 && ours["files"] as? Int == 1 && floor["clips"] as? Int == 1)
            let ratio = try #require(row["time_over_floor"] as? Double)
            #expect(ratio.isFinite && ratio > 0)
            #expect(
                row["librosa"] == nil && row["speedup_over_librosa"] == nil && row["decode_bound"] == nil,
                "skipped, so absent")
        }

        // The table, on the corpus the first run generated: the BLAS line, a header and one row
        // per workload, then the stages, a header and one row per workload.
        let table = try Melshard.run(common + ["--no-librosa"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.trimmingCharacters(in: .newlines).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        #expect(lines.count == 10 && lines[0].hasPrefix("OpenBLAS core "), "\(lines)")
        #expect(lines[1].hasPrefix("workload       files clips | melshard clips/s"))
        #expect(lines[2].hasPrefix("gtzan-wav          1     1 | ") && lines[2].contains("(skipped)"), "\(lines)")
        #expect(
            lines[3].hasPrefix("gtzan-mp3          1     1 | ") && lines[4].hasPrefix("dense-au           1     2 | "))
        #expect(lines[6].hasPrefix("melshard ms/clip") && lines[6].contains("resample") && lines[6].contains("hashing"))
        #expect(lines[7].hasPrefix("gtzan-wav") && lines[9].hasPrefix("dense-au") && !table.stdout.contains("inf"))

        // Without librosa, the librosa side fails and says which command failed and why.
        let script = try missingPackageScript()
        let missing = try Melshard.run(common + ["--librosa-script", script])
        #expect(missing.status != 0)
        #expect(
            missing.stderr.contains(script) && missing.stderr.contains("melshard_no_such_package"), "\(missing.stderr)")
    }

    @Test func trainMeasuresTheMelshardSideWithoutTorch() throws {
        let common = ["bench", "train", "--nets", "lu-2d", "--steps", "1", "--warmup", "0"]
        let json = try Melshard.run(common + ["--threads", "1", "--no-torch", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        let ours = try #require(rows.first?["melshard"] as? [String: Any])
        #expect(ours["net"] as? String == "lu-2d" && ours["batch"] as? Int == 64 && ours["steps"] as? Int == 1)
        #expect((ours["samples_per_s"] as? Double).map { $0.isFinite && $0 > 0 } == true)
        #expect((rows[0]["melshard_peak_rss_mib"] as? Double).map { $0 > 1 } == true)
        #expect(rows[0]["torch"] == nil && rows[0]["ratio"] == nil)

        // The table: the machine line, a header, one row per thread count, torch columns empty.
        let table = try Melshard.run(common + ["--threads", "1,2", "--no-torch"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[0].hasPrefix("OpenBLAS kernel ") && lines[0].hasSuffix(" cores"), "\(lines)")
        #expect(lines[1].hasPrefix("network              batch thr | melshard samples/s"))
        #expect(
            lines[2].hasPrefix("lu-2d                   64   1 | ")
                && lines[3].hasPrefix("lu-2d                   64   2 | "))
        #expect(lines[2].hasSuffix("-        -        - |      -"), "\(lines[2])")

        // Without torch, the torch side fails and says so; an unknown network is refused.
        let script = try missingPackageScript()
        let missing = try Melshard.run(common + ["--threads", "1", "--torch-script", script])
        #expect(missing.status != 0 && missing.stderr.contains("melshard_no_such_package"), "\(missing.stderr)")
        let unknown = try Melshard.run(["bench", "train", "--nets", "resnet", "--no-torch"])
        #expect(unknown.status != 0 && unknown.stderr.contains("lu-2d, pons-black-box"), "\(unknown.stderr)")
    }

    @Test func ingestTimesDryRunsOfAGeneratedManifest() throws {
        let common = [
            "bench", "ingest", "--out", directory.file("ingest"), "--rows", "3", "--jobs", "1", "--repeats", "1",
        ]
        let json = try Melshard.run(common + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(result["rows"] as? Int == 3 && (result["runs"] as? [Double])?.count == 1)
        #expect(result["goal_met"] as? Bool == false && result["goal_seconds"] as? Double == 30)
        let rate = try #require(result["rows_per_second"] as? Double)
        let median = try #require(result["median_seconds"] as? Double)
        #expect(rate.isFinite && abs(rate * median - 3) < 1e-6)
        #expect((result["command"] as? String)?.contains(" build ") == true && json.stderr.contains("(warm-up)"))

        let text = try Melshard.run(common)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.count == 3 && lines[0].hasPrefix("ingest of 3 manifest rows (")
                && lines[0].contains("1 job(s): median "))
        #expect(lines[1] == "goal: 50,000 rows in under 30 s: not met" && lines[2].hasPrefix("command: "))
        #expect(text.stderr.contains("reused when complete"))
    }

    /// A 2-min file, streamed and in memory: the streamed run's peak RSS is the smaller one (the
    /// whole path holds 2 minutes of samples and of STFT power, about 30 MiB more).
    @Test func melMemoryMeasuresBothPaths() throws {
        let run = try Melshard.run([
            "bench", "mel-memory", "--out", directory.file("mel-memory"), "--minutes", "2", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row["minutes"] as? Int == 2)
        let streamed = try #require(row["streamed_rss_mib"] as? Double)
        let whole = try #require(row["in_memory_rss_mib"] as? Double)
        #expect(streamed > 0 && streamed < whole, "streamed \(streamed) MiB, in memory \(whole) MiB")
    }

    /// A malformed length is refused in one line, not dropped: "2,x" would otherwise measure only 2.
    @Test func melMemoryRefusesAMalformedLength() throws {
        for minutes in ["2,x", "2,", "0"] {
            let run = try Melshard.run([
                "bench", "mel-memory", "--out", directory.file("mel-memory-bad"), "--minutes", minutes,
            ])
            #expect(run.status == 64 && run.stderr.contains("--minutes"), "\(minutes): \(run.stderr)")
        }
    }

    /// Two tiny measured corpora and a one-clip no-op corpus: the table and OUT/result.json.
    @Test func buildPrintsItsTablesAndWritesTheResult() throws {
        let out = directory.file("build")
        let outcome = try Melshard.run([
            "bench", "build", "--out", out, "--small-clips", "1", "--large-clips", "2",
            "--noop-clips", "1", "--clips-per-source", "1", "--classes", "1",
            "--repeats", "1", "--noop-repeats", "1",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("melshard bench build: ") && lines[0].hasSuffix(" cores"))
        #expect(
            lines[1].hasPrefix("  small-1: 1 sources") && lines[2].hasPrefix("  large-2: 2 sources")
                && lines[3].hasPrefix("  noop-1: 1 sources"), "\(lines.prefix(4))")
        // First builds: jobs 1 and 2 for each measured corpus, one (two-job) build of the no-op corpus.
        let first = try #require(lines.firstIndex { $0.hasPrefix("corpus ") && $0.hasSuffix("×1 job") })
        let firstRows = lines[(first + 1)...].prefix { !$0.isEmpty }
        #expect(firstRows.count == 5, "\(firstRows)")
        // A corpus's first row starts with its name and sources; the next leaves both blank.
        let jobs = firstRows.map { row in row.split(separator: " ")[row.hasPrefix(" ") ? 3 : 5] }
        #expect(jobs == ["1", "2", "1", "2", "2"], "\(firstRows)")
        // Rebuilds: no-op, touched, rewrote and the median, per corpus.
        #expect(
            lines.filter { $0.contains("touched 1 source") }.count == 3
                && lines.filter { $0.contains("no-op median") }.count == 3)
        // Goals: the no-op one cannot be judged on one clip.
        let goals = Array(lines.drop { $0 != "Goals" }.dropFirst().filter { !$0.isEmpty })
        #expect(goals.count == 3 && goals[0].hasPrefix("  [n/a]    no-op rebuild of 100000 clips"), "\(goals)")

        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/result.json")))
                as? [String: Any])
        let corpora = try #require(result["corpora"] as? [[String: Any]])
        #expect(corpora.map { $0["role"] as? String } == ["small", "large", "no-op"])
        #expect((result["goals"] as? [[String: Any]])?.count == 3)

        let invalid = try Melshard.run(["bench", "build", "--out", out, "--small-clips", "2", "--large-clips", "2"])
        #expect(invalid.status == 64 && invalid.stderr.contains("--small-clips < --large-clips"), "\(invalid.stderr)")
    }
}
