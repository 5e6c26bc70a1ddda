import ArgumentParser
import Benchmarks
import Foundation
import MelshardCore

extension Melshard.Bench {
    /// `melshard bench mel-memory`: peak memory of `melshard mel` on long files.
    struct MelMemoryBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mel-memory",
            abstract: "Peak RSS of `melshard mel` on generated long files, streamed and --in-memory.",
            discussion: """
                Generates a 16-bit mono WAV of each length (a swept tone with noise; reused when already \
                there) into --out, then runs `melshard mel` on it in a fresh process, streamed and, unless \
                --no-in-memory, with --in-memory (the whole matrix in memory), and prints each run's peak \
                RSS and time. Times are noisy on a shared machine; the memory is the point.
                """)

        @Option(help: "Where the generated audio goes.")
        var out = "bench-out/mel-memory"
        @Option(help: "File lengths in minutes, comma-separated.")
        var minutes = "10,60"
        @Option(help: "The files' sample rate (22050, the librosa preset's, needs no resampling).")
        var sampleRate = 22050
        @Option(help: "The `melshard mel` preset.")
        var preset = "librosa"
        @Flag(inversion: .prefixedNo, help: "Also run the whole path (--in-memory) on each file.")
        var inMemory = true
        @Option(help: "The melshard executable to measure (default: this one).")
        var melshard: String?
        @Flag(help: "Print the result as JSON (default: off).")
        var json = false

        func run() throws {
            // Every entry must parse: "10,x" is refused rather than measured as "10".
            let entries = minutes.split(separator: ",", omittingEmptySubsequences: false)
            let lengths = entries.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !lengths.isEmpty, lengths.count == entries.count, lengths.allSatisfy({ $0 > 0 }), sampleRate > 0
            else {
                throw ValidationError("--minutes must list positive whole minutes, --sample-rate must be > 0")
            }
            let bench = MelMemoryBench(
                executable: melshard.map(absolute) ?? selfExecutable(), out: absolute(out), minutes: lengths,
                sampleRate: sampleRate, inMemory: inMemory, melArguments: ["--preset", preset]
            ) { FileHandle.standardError.write(Data("[bench mel-memory] \($0)\n".utf8)) }
            let rows = try bench.run()
            if json {
                print(String(decoding: try JSONOutput.encode(rows), as: UTF8.self))
                return
            }
            print("melshard mel --preset \(preset), 16-bit mono WAV at \(sampleRate) Hz")
            print("| minutes | file MiB | streamed peak RSS MiB | s | in-memory peak RSS MiB | s |")
            print("| ---: | ---: | ---: | ---: | ---: | ---: |")
            for row in rows {
                let whole =
                    row.inMemoryRSSMiB.map { rss in
                        String(format: "%.0f | %.1f", rss, row.inMemorySeconds ?? 0)
                    } ?? "– | –"
                print(
                    String(
                        format: "| %d | %.0f | %.0f | %.1f | %@ |", row.minutes, row.fileMiB, row.streamedRSSMiB,
                        row.streamedSeconds, whole))
            }
        }
    }
}
