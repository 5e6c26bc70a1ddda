import ArgumentParser
import BLAS
import Benchmarks
import Foundation

extension Melshard.Bench {
    /// The studies' networks trained side by side with PyTorch CPU on the same work.
    struct TrainBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract:
                "Time training steps of the studies' networks against PyTorch CPU, same batch, threads and optimiser.",
            discussion: """
                Each network trains on one fixed random batch in memory (Adam, lr 1e-4, float32) for \
                --warmup untimed and --steps timed steps, in a fresh process per side and thread count \
                (so peak memory is the run's own): melshard, then scripts/bench/torch_train.py with \
                torch.set_num_threads. Prints samples/s, the ratio melshard / PyTorch, peak RSS, \
                OpenBLAS's kernel and the machine's load, since a busy machine slows both sides unevenly.
                """)

        @Option(help: "Networks, comma-separated (default: all).")
        var nets: String?
        @Option(help: "Thread counts, comma-separated.")
        var threads = "1,2"
        @Option(help: "Timed steps per run (default: enough for about 2 s, at least 3).")
        var steps: Int?
        @Option(help: "Untimed steps first.")
        var warmup = 2
        @Option(help: "The PyTorch side of the benchmark.")
        var torchScript = "scripts/bench/torch_train.py"
        @Option(help: "The Python interpreter with torch installed.")
        var python = "python3"
        @Flag(help: "Skip the PyTorch side (default: off).")
        var noTorch = false
        @Flag(help: "Print the results as JSON (default: off).")
        var json = false

        struct Row: Encodable {
            var melshard: TrainBench.Result
            var melshardPeakRSSMiB: Double
            var torch: TrainBench.Result?
            var torchPeakRSSMiB: Double?
            var ratio: Double? { torch.map { melshard.samples_per_s / $0.samples_per_s } }
            enum CodingKeys: String, CodingKey {
                case melshard, melshardPeakRSSMiB = "melshard_peak_rss_mib", torch, torchPeakRSSMiB =
                    "torch_peak_rss_mib", ratio
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(melshard, forKey: .melshard)
                try c.encode(melshardPeakRSSMiB, forKey: .melshardPeakRSSMiB)
                try c.encodeIfPresent(torch, forKey: .torch)
                try c.encodeIfPresent(torchPeakRSSMiB, forKey: .torchPeakRSSMiB)
                try c.encodeIfPresent(ratio, forKey: .ratio)
            }
        }

        func run() throws {
            let wanted = nets.map { Set($0.split(separator: ",").map(String.init)) }
            let selected = TrainBench.nets.filter { wanted?.contains($0.name) ?? true }
            guard !selected.isEmpty else {
                throw ValidationError(
                    "--nets: none of \(nets ?? "") is known; known: \(TrainBench.nets.map(\.name).joined(separator: ", "))"
                )
            }
            let counts = threads.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 1 }
            if !json {
                print(
                    "OpenBLAS kernel \(BLAS.coreName); load average \(MachineCPU.loadAverage().map { String(format: "%.2f", $0) } ?? "unknown"); \(ProcessInfo.processInfo.activeProcessorCount) cores"
                )
                print(
                    "network              batch thr | melshard samples/s  ms/step  RSS MiB | torch samples/s  ms/step  RSS MiB | ×torch"
                )
            }
            var rows: [Row] = []
            for net in selected {
                for count in counts {
                    let steps = self.steps ?? Self.defaultSteps(net)
                    let (ours, ourRun) = try runChildJSON(
                        TrainBench.Result.self, selfExecutable(),
                        [
                            "bench", "train-one", net.name, "--threads", "\(count)", "--steps", "\(steps)", "--warmup",
                            "\(warmup)",
                        ])
                    var row = Row(melshard: ours, melshardPeakRSSMiB: ourRun.peakRSSMiB)
                    if !noTorch {
                        let (theirs, theirRun) = try runChildJSON(
                            TrainBench.Result.self, python,
                            [
                                torchScript, "--net", net.torchName, "--threads", "\(count)", "--steps", "\(steps)",
                                "--warmup", "\(warmup)",
                            ])
                        (row.torch, row.torchPeakRSSMiB) = (theirs, theirRun.peakRSSMiB)
                    }
                    rows.append(row)
                    if !json { Self.printRow(row) }
                }
            }
            if json { print(String(decoding: try JSONOutput.encode(rows), as: UTF8.self)) }
        }

        /// About 2 s of PyTorch work at the issue's rates, and at least 3 steps.
        static func defaultSteps(_ net: TrainBench.Net) -> Int {
            switch net.name {
            case "vgg16": 3
            case "alexnet-kell", "gebhardt": 3
            case "lu-2d": 6
            default: 20
            }
        }

        static func printRow(_ r: Row) {
            func f(_ x: Double?, _ digits: Int = 1) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
            print(
                "\(r.melshard.net.padded(20, left: true)) \(String(r.melshard.batch).padded(5)) \(String(r.melshard.threads).padded(3)) | "
                    + "\(f(r.melshard.samples_per_s).padded(18))  \(f(r.melshard.ms_per_step).padded(7))  \(f(r.melshardPeakRSSMiB, 0).padded(7)) | "
                    + "\(f(r.torch?.samples_per_s).padded(15))  \(f(r.torch?.ms_per_step).padded(7))  \(f(r.torchPeakRSSMiB, 0).padded(7)) | "
                    + "\(f(r.ratio, 2).padded(6))")
        }
    }

    /// Trains one network in this process and prints one JSON line; used by `bench train`.
    struct TrainOne: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-one", abstract: "Time one network's training steps (internal).",
            shouldDisplay: false)
        @Argument var net: String
        @Option var threads = 1
        @Option var steps = 5
        @Option var warmup = 2

        func run() throws {
            guard let spec = TrainBench.nets.first(where: { $0.name == net }) else {
                throw ValidationError("unknown network \(net)")
            }
            let result = try TrainBench.run(spec, threads: threads, steps: steps, warmup: warmup)
            print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        }
    }
}
