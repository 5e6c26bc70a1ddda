import AudioDSP
import FFT
import FeatureSettings
import Foundation
import MelshardCore
import NN
import TestSupport
import Testing
import Train

@testable import Evaluate

/// Metamers on a small network trained here on three tones: the front end against the build's
/// features, the composed gradient against finite differences, and the optimisation itself.
@Suite struct MetamerTests {
    /// 8 kHz, n_fft 64, hop 32, 8 mel bands in dB, 0.1-s clips (26 frames) resized to 8 × 12.
    static let parameters: FeatureParameters = {
        var p = FeatureParameters()
        (p.sampleRate, p.nFFT, p.hop, p.nMels) = (8000, 64, 32, 8)
        p.resize = ImageSize(height: 8, width: 12)
        return p
    }()
    static let clipSamples = 800
    static let frequencies = [300.0, 1200.0, 2800.0]

    /// Clip `i` of class `c`: a tone at the class's frequency with a seeded phase, level and noise.
    static func clip(_ c: Int, _ i: Int) -> [Double] {
        var random = SeededRandom(seed: 7, stream: "metamer-clip/\(c)/\(i)")
        let (phase, level) = (random.nextUnit() * 2 * Double.pi, 0.1 + 0.1 * random.nextUnit())
        let f = frequencies[c] * (0.95 + 0.1 * random.nextUnit())
        return (0..<clipSamples).map { n in
            level * sin(2 * Double.pi * f * Double(n) / 8000 + phase) + 0.01 * (random.nextUnit() - 0.5)
        }
    }

    /// The front end, standardised by the training clips' global mean and std (as a build's card gives).
    static func frontEnd() throws -> MetamerFrontEnd {
        let raw = try MetamerFrontEnd(
            parameters: parameters, clipSamples: clipSamples, standardisation: .identity(rows: 8))
        let values = try (0..<3).flatMap { c in try (0..<8).flatMap { try raw.forward(clip(c, $0)).features } }
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        return try MetamerFrontEnd(
            parameters: parameters, clipSamples: clipSamples,
            standardisation: InputStandardisation(
                mean: [Float](repeating: Float(mean), count: 8), std: [Float](repeating: Float(std), count: 8)))
    }

    /// conv (4 filters 3 × 3) → relu → flatten → fc (3 classes), trained to 100 % on 8 clips per class.
    static func trainedNetwork(_ frontEnd: MetamerFrontEnd) throws -> Network {
        var random = SeededRandom(seed: 3)
        let network = Network(
            name: "metamer-test", inputShape: [1, 8, 12],
            root: Sequential(named: [
                ("conv", Conv2D(1, 4, kernel: 3, random: &random)),
                ("relu", ReLU()),
                ("flatten", Flatten()),
                ("fc", Linear(4 * 6 * 10, 3, random: &random)),
            ]))
        var inputs: [Float] = []
        var labels: [Int] = []
        for c in 0..<3 {
            for i in 0..<8 {
                inputs += try frontEnd.forward(clip(c, i)).input.values
                labels.append(c)
            }
        }
        let x = Tensor(shape: [24, 1, 8, 12], values: inputs)
        let optimizer = Adam(parameters: network.trainable)
        for step in 0..<150 {
            let context = ForwardContext(training: true, step: UInt64(step))
            let (_, gradient) = CrossEntropyLoss().evaluate(network.forward(x, context), .classes(labels))
            network.zeroGradients()
            network.backward(gradient, context)
            optimizer.step(network.trainable, learningRate: 0.01)
        }
        let logits = network.forward(x, .evaluation())
        let correct = (0..<24).filter { i in
            let row = Array(logits.values[(i * 3)..<(i * 3 + 3)])
            return row.firstIndex(of: row.max()!) == labels[i]
        }
        try #require(correct.count == 24, "the test network learns the three tones")
        return network
    }

    /// Held-out targets, one per class: clips 10, 11 of each class, as `MetamerTargets` orders them.
    static func targets(_ frontEnd: MetamerFrontEnd, perClass: Int = 1) throws -> ([MetamerTarget], [[Double]]) {
        var targets: [MetamerTarget] = []
        var audio: [[Double]] = []
        for i in 0..<perClass {
            for c in 0..<3 {
                let samples = clip(c, 10 + i)
                targets.append(
                    MetamerTarget(
                        clipID: Int64(100 * c + i), label: c, className: ["low", "mid", "high"][c],
                        storedInput: try frontEnd.forward(samples).input.values))
                audio.append(samples)
            }
        }
        return (targets, audio)
    }

    @Test func theFrontEndGivesTheBuildsFeatures() throws {
        let frontEnd = try Self.frontEnd()
        let extractor = try FeatureExtractor(Self.parameters)
        for c in 0..<3 {
            let samples = Self.clip(c, 0)
            let built = try extractor.features(samples.map { Float($0) })
            let ours = try frontEnd.forward(samples.map { Double(Float($0)) }).features
            #expect(built.rows == 8 && built.columns == 12 && ours.count == 96)
            let worst = zip(built.values, ours).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 1e-3, "largest difference \(worst) dB")
        }
    }

    @Test func theResizeBackwardIsItsTranspose() {
        let resize = DifferentiableResize(rows: 5, columns: 13, to: ImageSize(height: 8, width: 6))
        var random = SeededRandom(seed: 1)
        let x = (0..<65).map { _ in random.nextUnit() - 0.5 }
        let y = (0..<48).map { _ in random.nextUnit() - 0.5 }
        let left = zip(resize.forward(x), y).map { $0 * $1 }.reduce(0, +)
        let right = zip(x, resize.backward(y)).map { $0 * $1 }.reduce(0, +)
        #expect(abs(left - right) < 1e-12)
        let built = BilinearResize.resize(
            FeatureMatrix(rows: 5, columns: 13, values: x.map { Float($0) }), to: ImageSize(height: 8, width: 6))
        let ours = resize.forward(x.map { Double(Float($0)) })
        #expect(zip(built.values, ours).allSatisfy { abs(Double($0) - $1) < 1e-6 })
    }

    @Test func theComposedGradientMatchesFiniteDifferences() throws {
        let frontEnd = try Self.frontEnd()
        let network = try Self.trainedNetwork(frontEnd)
        let chain = LayerChain(network.root)
        for layer in ["conv", "fc"] {
            let generator = try MetamerGenerator(
                chain: chain, layer: layer, frontEnd: frontEnd, options: MetamerOptions())
            let target = generator.activations(input: try frontEnd.forward(Self.clip(0, 10)).input)
            let x = PinkNoise.samples(count: Self.clipSamples, rms: 0.1, seed: 5)
            let (_, gradient) = try generator.lossAndGradient(x, target: target)
            let largest = gradient.map(abs).max()!
            var worst = 0.0
            // The network runs in float32: h large enough that its rounding (relative 1e-7 of a loss
            // of order 10²) stays far below the difference, small enough for the curvature.
            let h = 1e-4
            for i in stride(from: 3, to: Self.clipSamples, by: 41) {
                var (plus, minus) = (x, x)
                plus[i] += h
                minus[i] -= h
                let numeric =
                    (try generator.lossAndGradient(plus, target: target).0
                        - generator.lossAndGradient(minus, target: target).0) / (2 * h)
                worst = max(worst, abs(numeric - gradient[i]))
            }
            print("metamer gradient, layer \(layer): max |Δ| / max |g| = \(worst / largest)")
            #expect(worst / largest < 1e-2, "layer \(layer): \(worst / largest)")
        }
    }

    @Test func anInputMetamerVerifiesAndItsSpearmanIsMeasured() throws {
        let frontEnd = try Self.frontEnd()
        let network = try Self.trainedNetwork(frontEnd)
        var options = MetamerOptions()
        options.iterations = 500
        let generator = try MetamerGenerator(
            chain: LayerChain(network.root), layer: nil, frontEnd: frontEnd, options: options)
        let (targets, audio) = try Self.targets(frontEnd)
        let (report, metamers) = try MetamerStudy.measure(
            generator, layer: "input", targets: targets, audio: audio, classNames: ["low", "mid", "high"],
            path: "test")
        #expect(report.activationShape == [1, 8, 12] && metamers.count == 3)
        for (k, metamer) in report.metamers.enumerated() {
            #expect(metamer.verified, "metamer \(k) classified \(metamer.metamerPrediction)")
            #expect(metamer.targetPrediction == metamer.className)
            let rho = try #require(metamer.spearman)
            #expect(rho >= -1 && rho <= 1)
            #expect(rho > 0.5, "metamer \(k): ρ = \(rho)")
            #expect(metamer.null.values.count == 2 && metamer.null.values.allSatisfy { $0 >= -1 && $0 <= 1 })
            #expect(metamer.finalLoss < metamer.initialLoss / 10, "\(metamer.initialLoss) → \(metamer.finalLoss)")
            #expect(metamer.storedRowDifference < 1e-4)
            #expect(metamers[k].count == Self.clipSamples)
        }
        #expect(report.verifiedCount == 3)
        #expect(report.csv.split(separator: "\n").count == 4)
        // Deterministic: the same seed gives the same metamer, bit for bit.
        let again = try generator.optimise(
            from: PinkNoise.samples(count: Self.clipSamples, rms: 0.05, seed: 9),
            target: [Float](repeating: 0, count: 96))
        let twice = try generator.optimise(
            from: PinkNoise.samples(count: Self.clipSamples, rms: 0.05, seed: 9),
            target: [Float](repeating: 0, count: 96))
        #expect(again.samples == twice.samples)
    }

    @Test func optimisingTheFirstLayerLowersItsDistanceTenfold() throws {
        let frontEnd = try Self.frontEnd()
        let network = try Self.trainedNetwork(frontEnd)
        var options = MetamerOptions()
        options.iterations = 1200
        let generator = try MetamerGenerator(
            chain: LayerChain(network.root), layer: "conv", frontEnd: frontEnd, options: options)
        let (targets, audio) = try Self.targets(frontEnd)
        let (report, _) = try MetamerStudy.measure(
            generator, layer: "conv", targets: targets, audio: audio, classNames: ["low", "mid", "high"], path: "test")
        #expect(report.activationShape == [4, 6, 10])
        for metamer in report.metamers {
            print("metamer conv, clip \(metamer.clipID): loss \(metamer.initialLoss) → \(metamer.finalLoss)")
            #expect(metamer.finalLoss * 10 <= metamer.initialLoss, "\(metamer.initialLoss) → \(metamer.finalLoss)")
        }
    }

    @Test func targetsAreSpreadOverTheClassesLowestIdsFirst() throws {
        let folder = TemporaryDirectory("metamer-targets")
        let ids = try SyntheticBuild().write(to: folder.file("out"))
        let dataset = try ShardDataset(outputDirectory: folder.file("out"))
        let loader = try dataset.loader(.test, LoaderOptions(batchSize: 4, order: .sequential, normalisation: .none))
        let chosen = try MetamerTargets.choose(loader, count: 5, classNames: ["a", "b", "c"])
        // The test split's ids, lowest first per class (class = id % 3), taken a, b, c, a, b.
        let test = ids[2].sorted()
        let byClass = (0..<3).map { c in test.filter { Int($0) % 3 == c } }
        #expect(chosen.map(\.clipID) == [byClass[0][0], byClass[1][0], byClass[2][0], byClass[0][1], byClass[1][1]])
        #expect(chosen.map(\.className) == ["a", "b", "c", "a", "b"])
        #expect(chosen.allSatisfy { $0.storedInput.count == 64 })
        #expect(throws: EvaluationError.self) {
            try MetamerTargets.choose(loader, count: 19, classNames: ["a", "b", "c"])
        }
        #expect(throws: EvaluationError.self) {
            try MetamerTargets.choose(loader, count: 1, classNames: ["a", "b", "c"])
        }
    }

    @Test func spearmanAndTheNullSummaries() {
        #expect(abs(SpearmanCorrelation.of([1, 2, 3, 4], [1, 3, 2, 4])! - 0.8) < 1e-12)
        #expect(abs(SpearmanCorrelation.of([1, 1, 2], [1, 2, 3])! - 1.5 / 3.0.squareRoot()) < 1e-12)
        #expect(SpearmanCorrelation.of([1, 2, 3], [3, 2, 1]) == -1)
        #expect(SpearmanCorrelation.of([2, 2, 2], [1, 2, 3]) == nil)
        let null = MetamerReport.Null([0.1, 0.2, 0.3, 0.9], own: 0.25)
        #expect(null.mean == 0.375 && null.median == 0.25 && null.fractionAtLeast == 0.5)
        #expect(abs(null.q05! - 0.115) < 1e-12 && abs(null.q95! - 0.81) < 1e-12)
    }

    @Test func pinkNoiseIsSeededWithTheRMSAndFallsThreeDecibelsAnOctave() {
        let a = PinkNoise.samples(count: 4096, rms: 0.2, seed: 1)
        #expect(a == PinkNoise.samples(count: 4096, rms: 0.2, seed: 1))
        #expect(a != PinkNoise.samples(count: 4096, rms: 0.2, seed: 2))
        let rms = (a.reduce(0) { $0 + $1 * $1 } / 4096).squareRoot()
        #expect(abs(rms - 0.2) < 1e-12)
        // Power per octave is flat for 1/f noise: average over seeds, compare octaves 32–64 and 512–1024 bins.
        var (low, high) = (0.0, 0.0)
        for seed in 0..<8 {
            let x = PinkNoise.samples(count: 4096, rms: 1, seed: UInt64(seed))
            let fft = RealFFT(size: 4096)
            for i in 0..<4096 { fft.input[i] = x[i] }
            fft.execute()
            func power(_ k: Int) -> Double {
                fft.output[2 * k] * fft.output[2 * k] + fft.output[2 * k + 1] * fft.output[2 * k + 1]
            }
            low += (32..<64).map(power).reduce(0, +)
            high += (512..<1024).map(power).reduce(0, +)
        }
        #expect(high / low > 0.7 && high / low < 1.4, "octave power ratio \(high / low)")
    }
}
