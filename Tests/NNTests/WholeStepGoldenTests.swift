import MelshardCore
import NN
import Safetensors
import XCTest

/// One whole training step of a small CNN (forward, cross-entropy, backward, Adam) against
/// PyTorch, and the same network's backward pass against central finite differences.
///
/// The golden data comes from scripts/golden/nn/train_step.py: the network, its initial
/// `state_dict`, a batch, and what PyTorch computed (logits, loss, gradients, the `state_dict`
/// after one and three Adam steps on the same batch, Adam's state). See the script for why the
/// convolution before the batch norm has no bias.
final class WholeStepGoldenTests: XCTestCase {
    private static let golden: SafetensorsFile? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/train_step.safetensors")
        return try? SafetensorsFile(path: url.path)
    }()

    private func file() throws -> SafetensorsFile {
        try XCTUnwrap(Self.golden, "Golden/train_step.safetensors unreadable")
    }

    /// A float32 tensor, or an int64 one (`num_batches_tracked`, `labels`) widened to Float.
    private func tensor(_ name: String) throws -> Tensor {
        let golden = try file()
        let entry = try XCTUnwrap(golden.header.entry(name), "\(name) missing")
        let values = entry.dtype == .i64 ? try golden.int64s(name).map(Float.init) : try golden.floats(name)
        return Tensor(shape: entry.shape, values: values)
    }

    /// The script's nn.Sequential with the same layers in the same places, so `namedParameters()`
    /// gives its `state_dict` names. `channels`/`classes` shrink it for the finite differences.
    static func network(channels: (Int, Int) = (4, 6), classes: Int = 3) -> Sequential {
        var random = SeededRandom(seed: 12, stream: "whole-step")
        return Sequential([
            Conv2D(
                1, channels.0, kernel: (3, 5), padding: .explicit(height: 1, width: 2), bias: false,
                random: &random),
            BatchNorm(channels.0),
            ReLU(),
            MaxPool2D(kernel: (2, 4)),
            Conv2D(
                channels.0, channels.1, kernel: 3, padding: .explicit(height: 1, width: 1), groups: 2,
                random: &random),
            LeakyReLU(negativeSlope: 0.1),
            GlobalAveragePool(),
            Flatten(),
            Dropout(p: 0),
            Linear(channels.1, classes, random: &random),
        ])
    }

    /// Compares with PyTorch element by element: |a − b| ≤ rtol · max(|b|, floor · max|b|), and
    /// `assertClose` (relative above 1, absolute below) on top. Returns the largest
    /// |a − b| / max(|b|, floor · max|b|) and the largest plain |a − b| / |b|, for the report.
    ///
    /// `assertClose` alone is absolute below 1: too loose for gradients of 1e-3 or weights that
    /// move by 1e-3 per step, hence the relative bound. The floor exists because an element far
    /// smaller than its tensor's largest is the result of cancellation (batch norm's backward
    /// subtracts the channel's mean gradient; a conv weight's gradient sums 512 products of both
    /// signs): float32 rounding is relative to the terms, not to the small result. With floor
    /// 0.1 an element of 1/100 of the largest may differ by 1e-3 of itself, 1e-5 of the largest.
    @discardableResult
    private func compare(
        _ actual: Tensor, _ expectedName: String, rtol: Double = 1e-5, floor: Double = 0.1,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> (Double, Double) {
        let expected = try tensor(expectedName)
        XCTAssertEqual(actual.shape, expected.shape, "\(expectedName): shape", file: file, line: line)
        assertClose(actual.values, expected.values, tolerance: rtol, expectedName, file: file, line: line)
        let largest = expected.values.reduce(0.0) { max($0, abs(Double($1))) }
        var worst = 0.0, plain = 0.0
        for (i, (a, b)) in zip(actual.values, expected.values).enumerated() {
            if b != 0 { plain = max(plain, abs(Double(a) - Double(b)) / abs(Double(b))) }
            let scale = max(abs(Double(b)), floor * largest)
            let error = scale > 0 ? abs(Double(a) - Double(b)) / scale : abs(Double(a))
            if !(error <= rtol) {
                XCTFail(
                    "\(expectedName)[\(i)]: \(a) vs PyTorch's \(b): relative difference \(error) "
                        + "(tolerance \(rtol) of max(|b|, \(floor) · \(largest)))", file: file, line: line)
                return (.infinity, .infinity)
            }
            worst = max(worst, error)
        }
        return (worst, plain)
    }

    /// Three steps at 1 and at 2 threads: each matches PyTorch, and the two agree bit for bit.
    func testThreeAdamStepsMatchPyTorch() throws {
        let one = try threeSteps(threads: 1)
        let two = try threeSteps(threads: 2)
        XCTAssertEqual(one, two, "the weights after three steps depend on the thread count")
    }

    /// Loads the initial state, runs three training steps on the golden batch, compares everything
    /// PyTorch recorded, and returns every tensor of the final `state_dict`, in order.
    private func threeSteps(threads: Int) throws -> [[Float]] {
        let root = Self.network()
        let network = Network(name: "whole-step", inputShape: [1, 8, 16], root: root)
        let parameters = network.parameters
        let goldenNames = Set(
            try file().header.entries.map(\.name).filter { $0.hasPrefix("init.") }
                .map { String($0.dropFirst("init.".count)) })
        XCTAssertEqual(Set(parameters.map(\.name)), goldenNames, "state_dict names")
        for p in parameters {
            let value = try tensor("init.\(p.name)")
            XCTAssertEqual(p.parameter.value.shape, value.shape, "\(p.name): layout")
            p.parameter.value = value
        }
        let x = try tensor("input")
        let targets = Targets.classes(try file().int64s("labels").map { Int($0) })
        let optimiser = Adam(parameters: network.trainable)
        let loss = CrossEntropyLoss()
        let learningRate: Float = 0.0009765625  // 2⁻¹⁰, exact in float32, as in the script

        var worst = [String: (Double, Double)]()
        func note(_ group: String, _ value: (Double, Double)) {
            let old = worst[group] ?? (0, 0)
            worst[group] = (max(old.0, value.0), max(old.1, value.1))
        }
        var losses = [Float]()
        for step in 1...3 {
            let context = ForwardContext(training: true, threads: threads, seed: 5, step: UInt64(step))
            network.zeroGradients()
            let logits = network.forward(x, context)
            XCTAssertEqual(try network.outputShape(batch: 4), logits.shape)
            let (value, dLogits) = loss.evaluate(logits, targets)
            losses.append(value)
            network.backward(dLogits, context)
            if step == 1 {
                // Float32 on both sides with sums in different orders (im2col GEMM vs oneDNN, float64
                // vs cascade sums in batch norm): 1e-5 relative, the issue's bound.
                note("logits", try compare(logits, "logits"))
                note("loss", try compare(Tensor(shape: [1], values: [value]), "loss"))
                for p in network.trainable {
                    note("gradients", try compare(p.parameter.gradient, "grad.\(p.name)"))
                }
            }
            optimiser.step(network.trainable, learningRate: learningRate)
            if step == 1 || step == 3 {
                for p in parameters {
                    let group = p.parameter.role == .trainable ? "weights step \(step)" : "BN statistics step \(step)"
                    note(group, try compare(p.parameter.value, "step\(step).\(p.name)"))
                }
            }
        }
        note("losses", try compare(Tensor(shape: [3], values: losses), "losses"))
        for (name, state) in optimiser.stateTensors() {
            // exp_avg_sq is a sum of squared gradients: it inherits twice their relative error.
            note("Adam state", try compare(state, "step3.\(name)"))
        }
        XCTAssertEqual(optimiser.stateTensors().count, 2 * network.trainable.count)
        XCTAssertEqual(
            root.namedParameters().first { $0.name == "1.num_batches_tracked" }?.parameter.value.values,
            [3])
        let report = worst.sorted { $0.key < $1.key }
            .map { "\($0.key) \(String(format: "%.2e", $0.value.0)) (\(String(format: "%.2e", $0.value.1)))" }
        print(
            "whole step vs PyTorch, \(threads) thread(s), max relative difference (element-wise):",
            report.joined(separator: ", "))
        return parameters.map(\.parameter.value.values)
    }

    func testGoldenFileRecordsItsVersions() throws {
        let metadata = try file().header.metadata
        XCTAssertNotNil(metadata["torch"])
        XCTAssertNotNil(metadata["network"])
        XCTAssertEqual(metadata["generator"], "scripts/golden/nn/train_step.py")
    }

    // MARK: Finite differences

    /// The whole network's dL/dx and dL/dθ (every trainable tensor) against central differences,
    /// on a tiny version: batch 2, one 4 × 8 plane, 2 and 4 channels, 3 classes.
    ///
    /// Finite differences are only right where the function is smooth within ±ε of the point:
    /// no ReLU or LeakyReLU input within reach of 0 and no max-pool window whose two largest
    /// values could swap. Random inputs make such coincidences unlikely, not impossible, so the
    /// test measures the margins at this point and asserts that they exceed what a nudge of ε can
    /// move (a bound on the sensitivity times ε, with a wide factor), rather than trusting luck.
    /// Batch norm in training mode is smooth (the batch statistics are differentiable) and is
    /// checked through them: every nudge changes the mean and variance of its channel.
    func testWholeNetworkMatchesFiniteDifferences() {
        let net = Self.network(channels: (2, 4))
        // Of 60 seeded inputs ("whole-step-fd-0" … "-59") this one has the widest margins (about
        // 0.05, 48·ε); the assertions below keep it honest if a layer's initialisation changes.
        let x = randomTensor([2, 1, 4, 8], "whole-step-fd-49")
        let epsilon: Float = 1e-3

        // Walk the layers once to measure the margins at x.
        let context = ForwardContext(training: true, seed: 3, step: 1)
        var activations = [x]
        for layer in net.layers { activations.append(layer.forward(activations.last!, context)) }
        // Inputs of ReLU (layer 2) and LeakyReLU (layer 5): distance to the kink at 0.
        let reluMargin = activations[2].values.map(abs).min()!
        let leakyMargin = activations[5].values.map(abs).min()!
        // Max-pool (layer 3) windows of 2 × 4 over [2, 2, 4, 8]: the gap between the two largest.
        XCTAssertEqual(activations[3].shape, [2, 2, 4, 8])
        let pooled = activations[3]
        var poolGap = Float.infinity
        for plane in 0..<4 {
            for oh in 0..<2 {
                for ow in 0..<2 {
                    var window = [Float]()
                    for kh in 0..<2 {
                        for kw in 0..<4 {
                            window.append(pooled.values[plane * 32 + (oh * 2 + kh) * 8 + ow * 4 + kw])
                        }
                    }
                    window.sort(by: >)
                    // A window of ReLU zeros only stays so (the ReLU margin keeps its inputs
                    // negative) and passes no gradient: its ties are harmless.
                    if window[0] > 0 { poolGap = min(poolGap, window[0] - window[1]) }
                }
            }
        }
        // A nudge of ε moves a batch-normalised value by at most about ε·|w|·(fan-in)/σ ≲ 0.3·ε·15/σ
        // (weights below 1/√15, inputs below 1): a few ε. 20·ε leaves a factor of several.
        let margin = 20 * epsilon
        XCTAssertGreaterThan(reluMargin, margin, "a ReLU input lies too close to 0 for finite differences")
        XCTAssertGreaterThan(poolGap, margin, "a max-pool window has a near tie")
        XCTAssertGreaterThan(leakyMargin, margin, "a LeakyReLU input lies too close to 0")
        print("finite differences: margins ReLU \(reluMargin), max-pool gap \(poolGap), LeakyReLU \(leakyMargin)")

        checkGradients(net, input: x, epsilon: epsilon, tolerance: 2e-3)
    }

}
