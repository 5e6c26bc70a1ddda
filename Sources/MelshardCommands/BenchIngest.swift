import ArgumentParser
import Benchmarks
import Foundation
import MelshardCore

extension Melshard.Bench {
    /// `melshard bench ingest`: manifest rows per second through ingest.
    struct IngestBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract:
                "Time ingest of a generated table corpus: read the manifest, check every path, probe and hash every file.",
            discussion: """
                Generates --rows short WAV files (0.1 s, 8 kHz) and a CSV manifest into --out, reusing them \
                when complete, then runs `melshard build --dry-run` on it --repeats times after one warm-up run \
                (warm page cache). A dry run writes nothing, so every run redoes the whole ingest. Prints the \
                median time, rows per second and peak RSS against the issue's goal (50,000 rows < 30 s).
                """)

        @Option(help: "Where the corpus and logs go.")
        var out = "bench-out/ingest"
        @Option(help: "Manifest rows (one audio file each).")
        var rows = 50_000
        @Option(help: "Worker threads for probing.")
        var jobs = 2
        @Option(help: "Measured runs; the median is reported.")
        var repeats = 3
        @Option(help: "The melshard executable to measure (default: this one).")
        var melshard: String?
        @Flag(help: "Print the result as JSON (default: off).")
        var json = false

        func validate() throws {
            guard rows >= 1, jobs >= 1, repeats >= 1 else {
                throw ValidationError("--rows, --jobs and --repeats must be ≥ 1")
            }
        }

        func run() throws {
            let bench = IngestBench(
                executable: melshard.map(absolute) ?? selfExecutable(), out: absolute(out), rows: rows, jobs: jobs,
                repeats: repeats
            ) { FileHandle.standardError.write(Data("[bench ingest] \($0)\n".utf8)) }
            let result = try bench.run()
            if json {
                print(String(decoding: try JSONOutput.encode(result), as: UTF8.self))
                return
            }
            print(
                String(
                    format:
                        "ingest of %d manifest rows (%.0f MiB of WAV), %d job(s): median %.2f s (%@), %.0f rows/s, peak RSS %.0f MiB",
                    result.rows, result.corpusMiB, jobs, result.medianSeconds,
                    result.runs.map { String(format: "%.2f", $0) }.joined(separator: ", "), result.rowsPerSecond,
                    result.peakRSSMiB))
            print(
                String(
                    format: "goal: 50,000 rows in under %.0f s: %@", result.goalSeconds,
                    result.goalMet ? "met" : "not met"))
            print("command: \(result.command)")
        }
    }
}
