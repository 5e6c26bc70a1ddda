import Benchmarks
import Foundation
import TestSupport
import Testing

/// `melshard bench ingest` on five manifest rows: the generated corpus, and dry runs of the
/// built `melshard` measured from outside.
@Suite struct IngestBenchTests {
    @Test func aTinyRunTimesDryRunsOfEveryRow() throws {
        let directory = TemporaryDirectory("ingest-bench")
        let bench = IngestBench(executable: Melshard.executable.path, out: directory.path, rows: 5, jobs: 1, repeats: 2)
        { _ in }
        let result = try bench.run()
        #expect(result.rows == 5 && result.runs.count == 2 && result.runs == result.runs.sorted())
        #expect(result.medianSeconds == (result.runs[0] + result.runs[1]) / 2)
        #expect(
            result.rowsPerSecond.isFinite
                && abs(result.rowsPerSecond - 5 / result.medianSeconds) < 1e-9 * result.rowsPerSecond)
        #expect(result.peakRSSMiB > 1 && result.corpusMiB > 0 && result.corpusMiB < 0.1)
        #expect(!result.goalMet && result.goalSeconds == 30, "the goal is about 50,000 rows")
        #expect(result.command.hasPrefix(Melshard.executable.path + " build ") && result.command.contains("--dry-run"))

        // Five 0.1-s files at 8 kHz and a manifest naming each, and a dry run that wrote no build.
        let manifest = try String(contentsOfFile: directory.file("corpus/manifest.csv"), encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 6 && manifest.hasPrefix("path,label,speaker\n"))
        #expect(manifest.contains("part-0/clip-000004.wav,class-4,speaker-0"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("build/index.sqlite")))
        // The dry run's own report counts the five sources.
        let report = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.url.appendingPathComponent("report.json")))
        #expect((report as? [String: Any])?["sources"] as? Int == 5)
    }
}
