import ArgumentParser
import BLAS
import Benchmarks
import Evaluate
import FeatureSettings
import Foundation
import Train

extension Melshard.Bench {
    /// The cost of one metamer iteration against one training step of the same network.
    struct MetamerBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metamer",
            abstract: "Time one metamer iteration against one training step of the same network, one thread each.",
            discussion: """
                A metamer iteration (docs/metamers.md) is the front end's forward on one clip, the network's forward \
                to the layer and its backward to the input, the front end's backward to the samples and Adam's \
                update of the waveform; it is timed at the network's last layer (the whole network) for a 1-s \
                16 kHz clip through study 001's log-mel front end (n_fft 256, hop 128, 64 bands, resized to \
                32 × 32) and a 2-s clip through the cochleagram preset (211 × 390, resized to 32 × 32). A training \
                step is `melshard bench train`'s: forward, backward and Adam on one batch of the run's size (64 for \
                study 001). Prints milliseconds per iteration and per step, their ratio, where the metamer's time \
                goes and the machine's load (a shared machine slows both unevenly).
                """)

        @Option(help: "Networks, comma-separated.")
        var nets = "lu-2d,lu-grouped-1d"
        @Option(help: "Front ends, comma-separated: mel, cochleagram.")
        var frontEnds = "mel,cochleagram"
        @Option(help: "Timed metamer iterations per measurement.")
        var iterations = 20
        @Option(help: "Timed training steps per measurement.")
        var steps = 10
        @Flag(help: "Print the results as JSON (default: off).")
        var json = false

        struct Row: Encodable {
            var net: String
            var frontEnd: String
            var clipSamples: Int
            var trainBatch: Int
            var msPerTrainingStep: Double
            var msPerMetamerIteration: Double
            var msFrontEndForwardBackward: Double
            var ratio: Double
            var load: String
        }

        func run() throws {
            BLAS.setThreadCount(1)
            var rows: [Row] = []
            for name in nets.split(separator: ",").map(String.init) {
                guard let net = TrainBench.nets.first(where: { $0.name == name }) else {
                    throw ValidationError(
                        "--nets \(name): one of \(TrainBench.nets.map(\.name).joined(separator: ", "))")
                }
                let training = try TrainBench.run(net, threads: 1, steps: steps, warmup: 2)
                for kind in frontEnds.split(separator: ",").map(String.init) {
                    var parameters: FeatureParameters
                    let clipSamples: Int
                    switch kind {
                    case "mel":
                        parameters = FeaturePreset.librosa.parameters
                        (parameters.sampleRate, parameters.nFFT, parameters.hop, parameters.nMels) = (
                            16000, 256, 128, 64
                        )
                        clipSamples = 16000
                    case "cochleagram":
                        parameters = FeaturePreset.cochleagram.parameters
                        clipSamples = 40000
                    default:
                        throw ValidationError("--front-ends \(kind): mel or cochleagram")
                    }
                    parameters.resize = ImageSize(height: net.inputShape[1], width: net.inputShape[2])
                    let frontEnd = try MetamerFrontEnd(
                        parameters: parameters, clipSamples: clipSamples,
                        standardisation: .identity(rows: net.inputShape[1]))
                    let network = try NetworkRegistry.make(
                        net.name, inputShape: net.inputShape, classes: net.classes, seed: 0)
                    let chain = LayerChain(network.root)
                    var options = MetamerOptions()
                    options.iterations = iterations
                    let generator = try MetamerGenerator(
                        chain: chain, layer: chain.links.last!.path, frontEnd: frontEnd, options: options)
                    let target = PinkNoise.samples(count: clipSamples, rms: 0.1, seed: 1)
                    let activations = generator.activations(input: try frontEnd.forward(target).input)
                    let start = PinkNoise.samples(count: clipSamples, rms: 0.1, seed: 2)
                    _ = try generator.lossAndGradient(start, target: activations)  // warm-up: plans, buffers
                    let began = Date()
                    _ = try generator.optimise(from: start, target: activations)
                    // optimise runs one more loss for the final value: iterations + 1 passes.
                    let perIteration = Date().timeIntervalSince(began) * 1000 / Double(iterations + 1)
                    let frontBegan = Date()
                    for _ in 0..<3 {
                        let forward = try frontEnd.forward(start)
                        _ = frontEnd.backward(forward, inputGradient: forward.input)
                    }
                    let frontMs = Date().timeIntervalSince(frontBegan) * 1000 / 3
                    rows.append(
                        Row(
                            net: net.name, frontEnd: kind, clipSamples: clipSamples, trainBatch: net.batch,
                            msPerTrainingStep: training.ms_per_step, msPerMetamerIteration: perIteration,
                            msFrontEndForwardBackward: frontMs, ratio: perIteration / training.ms_per_step,
                            load: Self.load()))
                }
            }
            if json {
                print(String(decoding: try JSONOutput.encode(rows, snakeCaseKeys: true), as: UTF8.self))
                return
            }
            print("net             front end     clip   train step (batch)   metamer iteration   front end   ratio")
            for r in rows {
                print(
                    r.net.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + r.frontEnd.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(
                            format: "%7d   %8.1f ms (%3d)   %12.1f ms   %6.1f ms   %5.2f", r.clipSamples,
                            r.msPerTrainingStep, r.trainBatch, r.msPerMetamerIteration, r.msFrontEndForwardBackward,
                            r.ratio))
            }
            print("one thread each; load average \(rows.first?.load ?? "")")
        }

        /// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
        static func load() -> String {
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
                .joined(separator: " ") ?? "unknown"
        }
    }
}
