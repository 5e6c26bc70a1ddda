import ArgumentParser
import Benchmarks
import Foundation
import MelshardCore

extension Melshard.Bench {
    /// `melshard bench build`: the build engine end to end, each build in a fresh process.
    struct BuildBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Time `melshard build` on generated corpora: clips/s, no-op and incremental rebuilds, peak RSS.",
            discussion: """
                Generates folder corpora (22.05 kHz mono WAV, deterministic music-like audio) into --out, \
                reusing them when they are already there, and runs every build as a fresh \
                `melshard build --json` process, measuring its wall time and its own peak RSS (wait4). \
                At two sizes: first builds with one and two jobs, --repeats times each (clips/s, speedup, peak RSS), then with \
                one job the no-op rebuild, the rebuild after touching one source and after rewriting one. \
                A third, larger corpus with cheap features measures the no-op rebuild at --noop-clips. \
                Prints each goal of the issue and whether it is met; the JSON form is also written to OUT/result.json.
                """)

        @Option(help: "Where the corpora, recipes, build outputs and per-build logs go.")
        var out = "bench-out/build"
        @Option(help: "Clips of the smaller measured corpus.")
        var smallClips = 2000
        @Option(help: "Clips of the larger measured corpus.")
        var largeClips = 8000
        @Option(help: "Clips of the no-op corpus (short sources, cheap features); 0 skips it.")
        var noopClips = 100_000
        @Option(help: "Random crops per source.")
        var clipsPerSource = 10
        @Option(help: "Classes (sub-folders) of each corpus.")
        var classes = 8
        @Option(help: "The recipes' [shards] clips_per_shard.")
        var clipsPerShard = 1024
        @Option(help: "No-op rebuilds in a row; the median is reported.")
        var noopRepeats = 3
        @Option(help: "First builds per job count at each measured size; the median run is reported.")
        var repeats = 3
        @Option(help: "Allowed peak-RSS growth from the small corpus to the large one, as a fraction.")
        var rssGrowth = 0.10
        @Option(help: "The melshard executable to measure (default: this one).")
        var melshard: String?
        @Flag(help: "Rebuild the no-op corpus's output from scratch even if an earlier run left one (default: off).")
        var fresh = false
        @Flag(help: "Print the results as JSON (default: off).")
        var json = false

        func validate() throws {
            guard smallClips >= 1, largeClips > smallClips else {
                throw ValidationError("need 1 ≤ --small-clips < --large-clips")
            }
            guard noopClips >= 0 else { throw ValidationError("--noop-clips must be ≥ 0") }
            guard clipsPerSource >= 1, classes >= 1, clipsPerShard >= 1, noopRepeats >= 1, repeats >= 1 else {
                throw ValidationError(
                    "--clips-per-source, --classes, --clips-per-shard, --noop-repeats and --repeats must be ≥ 1")
            }
            guard rssGrowth >= 0 else { throw ValidationError("--rss-growth must be ≥ 0") }
        }

        func run() throws {
            var options = BuildBenchOptions(executable: melshard.map(absolute) ?? selfExecutable(), out: absolute(out))
            options.smallClips = smallClips
            options.largeClips = largeClips
            options.noopClips = noopClips
            options.clipsPerSource = clipsPerSource
            options.classes = classes
            options.clipsPerShard = clipsPerShard
            options.noopRepeats = noopRepeats
            options.firstBuildRepeats = repeats
            options.goals.rssGrowth = rssGrowth
            options.fresh = fresh
            let runner = BuildBenchRunner(options: options) {
                FileHandle.standardError.write(Data("[bench build] \($0)\n".utf8))
            }
            let result = try runner.run()
            let encoded = try JSONOutput.encode(result)
            try encoded.write(to: URL(fileURLWithPath: options.out + "/result.json"))
            if json {
                print(String(decoding: encoded, as: UTF8.self))
            } else {
                print(BuildBenchTable.text(result))
            }
        }
    }
}
