import Foundation
import NN
import Safetensors
import XCTest

/// Optimisers, losses, clipping and schedules against PyTorch, from
/// scripts/golden/nn/optim.py (see there for the cases and settings).
final class OptimGoldenTests: XCTestCase {
    private static let golden: SafetensorsFile? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/optim.safetensors")
        return try? SafetensorsFile(path: url.path)
    }()

    private func file() throws -> SafetensorsFile { try XCTUnwrap(Self.golden, "Golden/optim.safetensors unreadable") }

    private func tensor(_ name: String) throws -> Tensor {
        let golden = try file()
        let entry = try XCTUnwrap(golden.header.entry(name), "\(name) missing")
        return Tensor(shape: entry.shape, values: try golden.floats(name))
    }

    private func doubles(_ name: String) throws -> [Double] {
        let t = try file().tensor(name)
        XCTAssertEqual(t.dtype, .f64, name)
        return stride(from: 0, to: t.bytes.count, by: 8).map { offset in
            Double(bitPattern: t.bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
    }

    /// |a − b| ≤ rtol·|b| + atol everywhere; reports the worst element. (`assertClose` is
    /// absolute below 1, too loose for parameters around 0.3 that move by 1e-3 per step.)
    private func assertRelative(
        _ actual: [Float], _ expected: [Float], rtol: Double, atol: Double = 1e-12,
        _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) -> Double {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        var worst = 0.0
        for (a, b) in zip(actual, expected) {
            let error = abs(Double(a) - Double(b))
            guard error <= rtol * abs(Double(b)) + atol else {
                XCTFail("\(what): \(a) vs PyTorch's \(b) (rtol \(rtol))", file: file, line: line)
                return .infinity
            }
            worst = max(worst, error / max(abs(Double(b)), 1e-30))
        }
        return worst
    }

    // MARK: Optimisers

    /// Five steps of `make`'s optimiser from `init.*` with the golden gradients; checks the
    /// parameters after every step and the state after the last.
    ///
    /// - Parameter sources: each parameter's name and the golden tensors holding its initial
    ///   value and its gradients `[5, …]`.
    private func checkTrajectory(
        _ name: String, learningRate: Float, slots: [String],
        sources: [(name: String, initial: String, gradients: String)] = [
            ("w", "init.w", "grad.w"), ("b", "init.b", "grad.b"),
        ],
        _ make: ([NamedParameter]) -> any Optimizer
    ) throws {
        let params = try sources.map { NamedParameter(name: $0.name, parameter: Parameter(try tensor($0.initial))) }
        let optimiser = make(params)
        let gradients = try sources.map { try tensor($0.gradients) }
        let expected = try sources.map { try tensor("\(name).\($0.name)") }
        var worst = 0.0
        for step in 0..<5 {
            for (p, g) in zip(params, gradients) {
                let n = p.parameter.value.count
                let values = Array(g.values[step * n..<(step + 1) * n])
                p.parameter.gradient = Tensor(shape: p.parameter.value.shape, values: values)
            }
            optimiser.step(params, learningRate: learningRate)
            for (p, e) in zip(params, expected) {
                let n = p.parameter.value.count
                // Float32 in PyTorch's order and rounding (FMAs included): SGD agrees bit for bit;
                // Adam too, except where PyTorch's sqrt is not correctly rounded (see Adam's doc
                // comment): about 1e-7 after 5 steps. 1e-6 leaves room for the CPU that regenerates
                // the data.
                worst = max(
                    worst,
                    assertRelative(
                        p.parameter.value.values, Array(e.values[step * n..<(step + 1) * n]),
                        rtol: 1e-6, "\(name) step \(step + 1) \(p.name)"))
            }
        }
        let state = Dictionary(uniqueKeysWithValues: optimiser.stateTensors().map { ($0.name, $0.tensor) })
        XCTAssertEqual(Set(state.keys), Set(sources.flatMap { p in slots.map { "\(p.name).\($0)" } }), name)
        for (key, value) in state {
            worst = max(
                worst,
                assertRelative(
                    value.values, try tensor("\(name).\(key)").values, rtol: 1e-6,
                    "\(name) state \(key)"))
        }
        print("\(name): largest relative difference from PyTorch over 5 steps \(worst)")
    }

    func testSGDMatchesTorch() throws {
        let rate = Float(0.0625)
        try checkTrajectory("sgd", learningRate: rate, slots: []) { SGD(parameters: $0) }
        try checkTrajectory("sgd_momentum", learningRate: rate, slots: ["momentum_buffer"]) {
            SGD(parameters: $0, momentum: 0.9)
        }
        try checkTrajectory("sgd_nesterov_wd", learningRate: rate, slots: ["momentum_buffer"]) {
            SGD(parameters: $0, momentum: 0.9, nesterov: true, weightDecay: 0.01)
        }
        try checkTrajectory("sgd_dampening_wd", learningRate: rate, slots: ["momentum_buffer"]) {
            SGD(parameters: $0, momentum: 0.5, dampening: 0.25, weightDecay: 0.1)
        }
    }

    func testAdamAndAdamWMatchTorch() throws {
        let slots = ["exp_avg", "exp_avg_sq"]
        try checkTrajectory("adam", learningRate: 1e-3, slots: slots) { Adam(parameters: $0) }
        try checkTrajectory("adam_wd", learningRate: 1e-3, slots: slots) { Adam(parameters: $0, weightDecay: 0.1) }
        try checkTrajectory("adamw", learningRate: 1e-3, slots: slots) { Adam.adamW(parameters: $0, weightDecay: 0.1) }
        try checkTrajectory("adam_betas", learningRate: 0.0625, slots: slots) {
            Adam(parameters: $0, beta1: 0.5, beta2: 0.75, epsilon: 1e-3)
        }
        // 520 elements: many square roots on which PyTorch's sqrt kernel and IEEE sqrt differ.
        try checkTrajectory(
            "adam_large", learningRate: 1e-3, slots: slots,
            sources: [("p", "large.init", "large.grad")]
        ) { Adam(parameters: $0, weightDecay: 1e-4) }
    }

    // MARK: Losses

    func testCrossEntropyMatchesTorch() throws {
        let logits = try tensor("ce.logits")
        let targets = try file().int64s("ce.targets").map { Int($0) }
        let weights = try tensor("ce.weights").values
        let cases: [(String, CrossEntropyLoss)] = [
            ("ce_plain", CrossEntropyLoss()),
            ("ce_weighted", CrossEntropyLoss(classWeights: weights)),
            ("ce_smoothing", CrossEntropyLoss(labelSmoothing: 0.1)),
            ("ce_weighted_smoothing", CrossEntropyLoss(classWeights: weights, labelSmoothing: 0.2)),
        ]
        for (name, loss) in cases {
            let (value, gradient) = loss.evaluate(logits, .classes(targets))
            // Both sides are float32 results; this side sums in Double, PyTorch in float32.
            _ = assertRelative([value], try tensor("\(name).loss").values, rtol: 1e-6, "\(name) loss")
            _ = assertRelative(
                gradient.values, try tensor("\(name).grad").values, rtol: 1e-6, atol: 1e-9,
                "\(name) gradient")
        }
    }

    func testBinaryCrossEntropyWithLogitsMatchesTorch() throws {
        let logits = try tensor("bce.logits")
        let targets = try tensor("bce.targets")
        let positiveWeights = try tensor("bce.pos_weight").values
        for (name, loss) in [
            ("bce_plain", BinaryCrossEntropyWithLogits()),
            ("bce_pos_weight", BinaryCrossEntropyWithLogits(positiveWeights: positiveWeights)),
        ] {
            let (value, gradient) = loss.evaluate(logits, .multiHot(targets))
            _ = assertRelative([value], try tensor("\(name).loss").values, rtol: 1e-6, "\(name) loss")
            _ = assertRelative(
                gradient.values, try tensor("\(name).grad").values, rtol: 1e-6, atol: 1e-9,
                "\(name) gradient")
        }
    }

    // MARK: Clipping

    func testClipGradNormMatchesTorch() throws {
        for (suffix, maxNorm) in [("clipped", Float(1)), ("unclipped", 100)] {
            let params = try ["g0", "g1"].map { name in
                let g = try tensor("clip.\(name)")
                let p = Parameter(Tensor(shape: g.shape))
                p.gradient = g
                return NamedParameter(name: name, parameter: p)
            }
            let norm = GradientClipping.clipNorm(params, maxNorm: maxNorm)
            _ = assertRelative([norm], try tensor("clip.norm").values, rtol: 1e-6, "clip norm")
            for p in params {
                _ = assertRelative(
                    p.parameter.gradient.values, try tensor("clip.\(p.name)_\(suffix)").values,
                    rtol: 1e-6, "clip \(p.name) \(suffix)")
            }
        }
    }

    // MARK: Schedules

    private func sequence(_ schedule: some LearningRateSchedule, _ count: Int, metrics: [Double]? = nil) -> [Double] {
        var schedule = schedule
        return (0..<count).map { period in
            defer { schedule.advance(metric: metrics?[period]) }
            return schedule.learningRate
        }
    }

    func testSchedulesMatchTorch() throws {
        // StepLR, ExponentialLR and ReduceLROnPlateau multiply the running rate in Double as
        // PyTorch does: identical to the last bit.
        let step = try doubles("sched.step")
        XCTAssertEqual(sequence(StepSchedule(initial: 0.1, stepSize: 3, gamma: 0.5), step.count), step)
        let exponential = try doubles("sched.exponential")
        XCTAssertEqual(sequence(ExponentialSchedule(initial: 1e-3, gamma: 0.95), exponential.count), exponential)
        let metric = try doubles("sched.plateau.metric")
        let plateau = ReduceLROnPlateau(initial: 0.01, factor: 0.5, patience: 2)
        XCTAssertEqual(sequence(plateau, metric.count, metrics: metric), try doubles("sched.plateau"))
        let metric2 = try doubles("sched.plateau_cooldown.metric")
        let plateau2 = ReduceLROnPlateau(
            initial: 0.01, factor: 0.1, patience: 1, threshold: 0.1,
            thresholdMode: .absolute, cooldown: 2, minimum: 5e-5)
        XCTAssertEqual(sequence(plateau2, metric2.count, metrics: metric2), try doubles("sched.plateau_cooldown"))

        // The interpolated decays are closed forms; PyTorch's LinearLR is a chained recursion and
        // LambdaLR multiplies base·λ, so the last bits may differ: 1e-12 relative.
        for (name, shape) in [("linear", InterpolatedDecay.Shape.linear), ("log_linear", .logLinear)] {
            let expected = try doubles("sched.\(name)")
            let got = sequence(InterpolatedDecay(from: 5e-4, to: 1e-5, over: 10, shape: shape), expected.count)
            for (i, (a, b)) in zip(got, expected).enumerated() {
                XCTAssertEqual(a, b, accuracy: 1e-12 * b, "\(name) period \(i)")
            }
        }
    }
}
