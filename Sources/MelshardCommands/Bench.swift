import ArgumentParser
import BLAS
import Benchmarks
import Foundation
import HostCPU
import MelshardCore

extension Melshard {
    /// `melshard bench`: measured side by side with the tools users would otherwise use.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks that run melshard and its reference tools on the same work.",
            subcommands: [
                Features.self, RunPlan.self, BuildBench.self, IngestBenchCommand.self, TrainBenchCommand.self,
                TrainOne.self, MetamerBench.self, MelMemoryBenchCommand.self, ScaleBenchCommand.self,
            ])
    }
}

extension Melshard.Bench {
    /// The feature pipeline against librosa: GTZAN-like (30-s WAV and MP3, 15 crops each),
    /// Jamendo-like (3–6-min MP3, 1–3 crops each) and dense crops (30-s mono AU at 22.05 kHz,
    /// 25 overlapping crops each).
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time decode → resample → mel → dB → resize against librosa, one core each.",
            discussion: """
                Generates the audio once into --out, then runs each workload in a fresh process \
                (so peak memory is the workload's own) and, unless --no-librosa, runs \
                scripts/bench/librosa_features.py on the same plan. Prints clips per second, \
                the ratio to librosa, the ratio to the floor, peak RSS, the OpenBLAS core and \
                where melshard's time goes, stage by stage. melshard's side does what a build \
                does for the clips: hash each source, decode, resample, features, float16 rows \
                written to a file, the file hashed. The floor is the workload done minimally \
                through the same libraries: each whole file decoded and resampled once, then \
                every crop's features computed on a slice of it, nothing written.
                """)

        @Option(help: "Where the generated corpus and plans go.")
        var out = "bench-out/features"
        @Option(help: "GTZAN-like files (30 s, 44.1 kHz stereo), each as WAV and as MP3.")
        var files = 20
        @Option(help: "Random 2-s crops per GTZAN-like file.")
        var crops = 15
        @Option(help: "Jamendo-like files (3 to 6 min MP3), with 1 to 3 crops each.")
        var jamendoFiles = 6
        @Option(help: "Dense-crop files (30 s, mono Sun .au at 22,050 Hz).")
        var denseFiles = 59
        @Option(help: "Random, overlapping 2-s crops per dense-crop file.")
        var denseCrops = 25
        @Option(help: "The librosa side of the benchmark.")
        var librosaScript = "scripts/bench/librosa_features.py"
        @Option(help: "The Python interpreter with librosa, soxr and torch installed.")
        var python = "python3"
        @Option(
            help:
                "Runs of each side per workload, interleaved (melshard, floor, librosa, melshard, ...); the run with the median time is reported. On a shared machine single runs swing by a third."
        )
        var repeats = 3
        @Flag(help: "Skip the librosa side (default: off).")
        var noLibrosa = false
        @Flag(help: "Print the results as JSON (default: off).")
        var json = false

        /// The run with the median time (the upper one of an even count).
        static func median(_ runs: [BenchResult]) -> BenchResult {
            runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
        }

        func run() throws {
            let plans = try FeatureBenchCorpus.generate(
                in: out,
                shape: .init(
                    gtzanFiles: files, crops: crops, jamendoFiles: jamendoFiles, denseFiles: denseFiles,
                    denseCrops: denseCrops))
            var rows: [Row] = []
            for plan in plans {
                let planPath = "\(out)/\(plan.name).plan.json"
                try plan.write(to: planPath)
                var ours: [BenchResult] = [], floor: [BenchResult] = [], librosa: [BenchResult] = []
                // Interleaved, so a slow spell of the machine falls on every side alike.
                for _ in 0..<max(1, repeats) {
                    ours.append(try runChild(selfExecutable(), ["bench", "run-plan", planPath]))
                    floor.append(try runChild(selfExecutable(), ["bench", "run-plan", "--floor", planPath]))
                    if !noLibrosa { librosa.append(try runChild(python, [librosaScript, planPath])) }
                }
                rows.append(
                    Row(
                        workload: plan.name, melshard: Self.median(ours), floor: Self.median(floor),
                        librosa: librosa.isEmpty ? nil : Self.median(librosa)))
            }
            if json {
                print(String(decoding: try JSONOutput.encode(rows), as: UTF8.self))
            } else {
                print(
                    "OpenBLAS core \(BLAS.coreName), CPU \(CPUFeatures.host.widestVectors) "
                        + "(features use melshard's own mel kernel, not BLAS)")
                printTable(rows)
                print("")
                Melshard.Bench.printStages(rows)
            }
        }

        struct Row: Encodable {
            var blasCore = BLAS.coreName
            var cpuVectors = CPUFeatures.host.widestVectors
            var workload: String
            var melshard: BenchResult
            var floor: BenchResult
            var librosa: BenchResult?
            var speedupOverLibrosa: Double? { librosa.map { melshard.clips_per_second / $0.clips_per_second } }
            var timeOverFloor: Double { melshard.seconds / floor.seconds }
            /// The ratio to librosa melshard would reach if decoding were all it did: librosa's
            /// time per clip over melshard's decode stage alone. A workload whose target is above
            /// it is bound by the decoder (libsndfile), which librosa uses too.
            var decodeBound: Double? {
                guard let librosa, let decode = melshard.stages?["decode"], decode > 0 else { return nil }
                return (librosa.seconds / Double(librosa.clips)) / (decode / Double(melshard.clips))
            }

            enum CodingKeys: String, CodingKey {
                case workload, melshard, floor, librosa, speedup_over_librosa, time_over_floor, blas_core, cpu_vectors
                case decode_bound
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(blasCore, forKey: .blas_core)
                try c.encode(cpuVectors, forKey: .cpu_vectors)
                try c.encode(workload, forKey: .workload)
                try c.encode(melshard, forKey: .melshard)
                try c.encode(floor, forKey: .floor)
                try c.encodeIfPresent(librosa, forKey: .librosa)
                try c.encodeIfPresent(speedupOverLibrosa, forKey: .speedup_over_librosa)
                try c.encode(timeOverFloor, forKey: .time_over_floor)
                try c.encodeIfPresent(decodeBound, forKey: .decode_bound)
            }
        }

        private func printTable(_ rows: [Row]) {
            func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
            print(
                "workload       files clips | melshard clips/s  ms/file  RSS MiB | librosa clips/s  RSS MiB | ×librosa | floor ms/file  ×floor | decode-bound ×"
            )
            for r in rows {
                let msPerFile = 1000 * r.melshard.seconds / Double(r.melshard.files)
                let floorMs = 1000 * r.floor.seconds / Double(r.floor.files)
                let lib =
                    r.librosa.map { "\(f($0.clips_per_second).padded(15))  \(f($0.peak_rss_mib, 0).padded(7))" }
                    ?? "(skipped)".padded(24)
                print(
                    "\(r.workload.padded(14, left: true)) \(String(r.melshard.files).padded(5)) \(String(r.melshard.clips).padded(5)) | "
                        + "\(f(r.melshard.clips_per_second).padded(16))  \(f(msPerFile).padded(7))  \(f(r.melshard.peak_rss_mib, 0).padded(7)) | "
                        + "\(lib) | \((r.speedupOverLibrosa.map { f($0, 2) } ?? "-").padded(8)) | \(f(floorMs).padded(13))  \(f(r.timeOverFloor, 2).padded(6))"
                        + " | \((r.decodeBound.map { f($0, 2) } ?? "-").padded(14))"
                )
            }
        }
    }

    /// Milliseconds per clip in each of melshard's stages, and each stage's share of the time.
    fileprivate static func printStages(_ rows: [Features.Row]) {
        let stages = ["decode", "resample", "stft", "mel", "scaling", "resize", "conversion", "hashing", "writing"]
        print("melshard ms/clip".padded(16, left: true) + stages.map { $0.padded(14) }.joined() + "    total")
        for r in rows {
            let perClip = 1000 / Double(max(1, r.melshard.clips))
            let times = r.melshard.stages ?? [:]
            let cells = stages.map { name in
                let s = times[name] ?? 0
                return String(format: "%.3f (%2.0f%%)", s * perClip, 100 * s / r.melshard.seconds).padded(14)
            }
            print(
                r.workload.padded(16, left: true) + cells.joined()
                    + String(format: "%.3f", r.melshard.seconds * perClip).padded(9))
        }
    }

    /// Runs one plan in this process and prints one JSON line; used by `bench features`.
    struct RunPlan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-plan", abstract: "Run one benchmark plan (internal).", shouldDisplay: false)
        @Argument var plan: String
        @Flag(
            help:
                "Measure the floor instead: each whole file decoded and resampled once, features on slices of it (default: off)."
        )
        var floor = false

        func run() throws {
            let plan = try FeatureBenchPlan.read(self.plan)
            let result =
                try floor
                ? FeatureBenchRunner.floor(plan) : FeatureBenchRunner.run(plan, output: self.plan + ".rows")
            print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        }
    }
}

/// The running executable, for benchmarks that measure themselves in a child process.
func selfExecutable() -> String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
}

/// Runs a program and decodes the last line of its output as a `BenchResult`.
func runChild(_ program: String, _ arguments: [String]) throws -> BenchResult {
    try runChildJSON(BenchResult.self, program, arguments).0
}

/// Runs a program, measured by `ChildProcess`, and decodes the last line of its output as `T`.
func runChildJSON<T: Decodable>(_ type: T.Type, _ program: String, _ arguments: [String]) throws -> (T, ChildRun) {
    let run = try ChildProcess(program, arguments).run()
    guard let line = run.stdoutText.split(separator: "\n").last else {
        throw CommandFailure("\(run.commandLine) printed no result")
    }
    return (try JSONDecoder().decode(T.self, from: Data(line.utf8)), run)
}

extension String {
    /// Padded with spaces to `width`: on the right when `left` (left-aligned), else on the left.
    func padded(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? self + pad : pad + self
    }
}
