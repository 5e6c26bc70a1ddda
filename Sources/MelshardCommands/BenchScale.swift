import ArgumentParser
import Benchmarks
import Foundation
import MelshardCore

extension Melshard.Bench {
    /// `melshard bench scale`: the plan and index at study 000's scale (issue 16's goals).
    struct ScaleBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scale",
            abstract: "Time and peak RSS of dry run, build, no-op rebuild, status and verify at study 000's scale.",
            discussion: """
                Generates a Jamendo-like (55,000 tracks, ragged genre tags) and a Common-Voice-like \
                (1,000,000 sentences) corpus of tiny MP3s into --out (reused when already there), then \
                for each scale s writes study 000's recipe with per_class = ⌊15000 × s / 16⌋ (16 is the \
                study's plan, about 8 million clips), proportional word placement and a tiny feature \
                shape, and runs in fresh child processes: build --dry-run into an empty folder, build, \
                the no-op build, status and verify. Prints each command's wall time and peak RSS and \
                whether the goals of issue 16 are met; the JSON form is also written to OUT/result.json. \
                A child that passes --rss-limit-gib or --time-limit-minutes is killed and reported as stopped.
                """)

        @Option(help: "Where the corpora, recipes, build outputs and logs go.")
        var out = "bench-out/scale"
        @Option(help: "Scales, comma-separated: scale s balances every class to ⌊15000 × s / 16⌋ clips.")
        var scales = "1,4,16"
        @Option(
            help:
                "Scales at which to build for real (then also no-op, status, verify), or `none`; default: every scale."
        )
        var buildScales: String?
        @Option(help: "Jamendo-like tracks.")
        var tracks = ScaleCorpusShape.studyTracks
        @Option(help: "Common-Voice-like sentences.")
        var sentences = ScaleCorpusShape.studySentences
        @Option(help: "per_class at scale 16 (the study's 15000); lower it to shrink every scale alike.")
        var fullPerClass = ScaleRecipe.studyPerClass
        @Option(help: "--jobs of every build.")
        var jobs = 2
        @Option(help: "Kill a measured command whose resident memory passes this many GiB.")
        var rssLimitGib = 12.0
        @Option(help: "Kill a measured command still running after this many minutes.")
        var timeLimitMinutes = 60.0
        @Flag(help: "Keep each scale's build output (default: deleted once measured).")
        var keepBuilds = false
        @Option(help: "The melshard executable to measure (default: this one).")
        var melshard: String?
        @Flag(help: "Print the result as JSON (default: off).")
        var json = false

        /// A comma-separated list of whole numbers ≥ 1, every entry parsed: "1,x" is refused
        /// rather than measured as "1".
        static func scaleList(_ text: String, option: String) throws -> [Int] {
            let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            let values = entries.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.count == entries.count, values.allSatisfy({ $0 >= 1 }) else {
                throw ValidationError("\(option) must list whole numbers ≥ 1, comma-separated (got '\(text)')")
            }
            guard Set(values).count == values.count else {
                throw ValidationError("\(option) lists a scale twice (got '\(text)')")
            }
            return values
        }

        func validate() throws {
            let list = try Self.scaleList(scales, option: "--scales")
            if let buildScales, buildScales != "none" {
                let built = try Self.scaleList(buildScales, option: "--build-scales")
                guard built.allSatisfy(list.contains) else {
                    throw ValidationError("--build-scales must be among --scales (\(scales))")
                }
            }
            guard tracks >= 1, sentences >= 1 else { throw ValidationError("--tracks and --sentences must be ≥ 1") }
            guard fullPerClass >= 1, jobs >= 1 else { throw ValidationError("--full-per-class and --jobs must be ≥ 1") }
            if let small = list.first(where: { ScaleRecipe.perClass(scale: $0, fullPerClass: fullPerClass) < 1 }) {
                throw ValidationError(
                    "scale \(small) gives per_class ⌊\(fullPerClass) × \(small) / \(ScaleRecipe.fullScale)⌋ = 0; "
                        + "use a larger scale or --full-per-class")
            }
            guard rssLimitGib > 0, timeLimitMinutes > 0 else {
                throw ValidationError("--rss-limit-gib and --time-limit-minutes must be > 0")
            }
        }

        func run() throws {
            var options = ScaleBenchOptions(
                executable: melshard.map(absolute) ?? selfExecutable(), out: absolute(out))
            options.scales = try Self.scaleList(scales, option: "--scales").sorted()
            options.buildScales =
                switch buildScales {
                case "none"?: []
                case let list?: Set(try Self.scaleList(list, option: "--build-scales"))
                case nil: Set(options.scales)
                }
            options.shape = ScaleCorpusShape(tracks: tracks, sentences: sentences)
            options.fullPerClass = fullPerClass
            options.jobs = jobs
            options.rssLimitMiB = rssLimitGib * 1024
            options.timeLimitSeconds = timeLimitMinutes * 60
            options.keepBuilds = keepBuilds
            let runner = ScaleBenchRunner(options: options) {
                FileHandle.standardError.write(Data("[bench scale] \($0)\n".utf8))
            }
            let result = try runner.run()
            let encoded = try JSONOutput.encode(result)
            try encoded.write(to: URL(fileURLWithPath: options.out + "/result.json"))
            print(json ? String(decoding: encoded, as: UTF8.self) : ScaleBenchTable.text(result))
        }
    }
}
