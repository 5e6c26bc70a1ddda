import Foundation
import NN
import XCTest

/// Trainable parameters with the given values, named as a `state_dict` would name them.
private func parameters(_ values: [String: [Float]]) -> [NamedParameter] {
    values.keys.sorted().map {
        NamedParameter(
            name: $0,
            parameter: Parameter(
                Tensor(
                    shape: [values[$0]!.count],
                    values: values[$0]!)))
    }
}

/// Sets every parameter's gradient from `gradients` (same order).
private func setGradients(_ parameters: [NamedParameter], _ gradients: [[Float]]) {
    for (p, g) in zip(parameters, gradients) { p.parameter.gradient = Tensor(shape: [g.count], values: g) }
}

/// Fresh parameters holding copies of `source`'s values (not sharing the `Parameter` objects).
private func copies(_ source: [NamedParameter]) -> [NamedParameter] {
    source.map { NamedParameter(name: $0.name, parameter: Parameter($0.parameter.value)) }
}

final class OptimizerTests: XCTestCase {
    // MARK: Hand-computed steps

    func testAdamTwoStepsByHand() {
        let p = parameters(["w": [1, -2]])
        let adam = Adam(parameters: p)
        setGradients(p, [[0.5, -0.1]])
        adam.step(p, learningRate: 0.1)
        // Step 1: m̂ = g and v̂ = g², so θ moves by η·g / (|g| + ε) ≈ η·sign(g).
        XCTAssertEqual(Double(p[0].parameter.value.values[0]), 1 - 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-6)
        XCTAssertEqual(Double(p[0].parameter.value.values[1]), -2 + 0.1 * 0.1 / (0.1 + 1e-8), accuracy: 1e-6)
        setGradients(p, [[0.5, 0.3]])
        adam.step(p, learningRate: 0.1)
        // Step 2, element 0: m = 0.9·0.05 + 0.1·0.5 = 0.095, v = 0.999·2.5e-4 + 0.001·0.25 = 4.9975e-4;
        // m̂ = 0.095 / 0.19 = 0.5, v̂ = 4.9975e-4 / 1.999e-3 = 0.25, so θ = 0.9 − 0.1·0.5/0.5 = 0.8.
        XCTAssertEqual(Double(p[0].parameter.value.values[0]), 0.8, accuracy: 1e-6)
        // Element 1: m = −0.009 + 0.03 = 0.021, v = 9.99e-6 + 9e-5 = 9.999e-5.
        let expected = -1.9 - 0.1 * (0.021 / 0.19) / ((9.999e-5 / 0.001999).squareRoot() + 1e-8)
        XCTAssertEqual(Double(p[0].parameter.value.values[1]), expected, accuracy: 1e-6)
        let state = Dictionary(uniqueKeysWithValues: adam.stateTensors().map { ($0.name, $0.tensor.values) })
        XCTAssertEqual(Array(state.keys).sorted(), ["w.exp_avg", "w.exp_avg_sq"])
        XCTAssertEqual(Double(state["w.exp_avg"]![0]), 0.095, accuracy: 1e-8)
        XCTAssertEqual(Double(state["w.exp_avg_sq"]![1]), 9.999e-5, accuracy: 1e-10)
        XCTAssertEqual(adam.stepCount, 2)
    }

    func testAdamWeightDecayIsL2AndAdamWDecouples() {
        // With g = 0 and m = v = 0, Adam's L2 term makes the gradient λ·θ, so its first step is
        // η·sign(θ); AdamW only shrinks θ by (1 − ηλ) and its Adam part sees g = 0 (no move).
        let a = parameters(["w": [2]]), b = parameters(["w": [2]])
        let adam = Adam(parameters: a, weightDecay: 0.5), adamW = Adam.adamW(parameters: b, weightDecay: 0.5)
        setGradients(a, [[0]])
        setGradients(b, [[0]])
        adam.step(a, learningRate: 0.1)
        adamW.step(b, learningRate: 0.1)
        XCTAssertEqual(a[0].parameter.value.values[0], 1.9, accuracy: 1e-6)
        XCTAssertEqual(b[0].parameter.value.values[0], 2 * (1 - 0.1 * 0.5), accuracy: 1e-7)
    }

    func testAdamWithoutWeightDecayEqualsAdamW() {
        let a = parameters(["w": [1, 2, 3]]), b = copies(a)
        let adam = Adam(parameters: a), adamW = Adam.adamW(parameters: b, weightDecay: 0)
        for step in 0..<3 {
            setGradients(a, [[0.1, -0.2, Float(step)]])
            setGradients(b, [[0.1, -0.2, Float(step)]])
            adam.step(a, learningRate: 0.01)
            adamW.step(b, learningRate: 0.01)
        }
        XCTAssertEqual(a[0].parameter.value, b[0].parameter.value)
    }

    func testSGDStepsByHand() {
        // Plain: θ − η·g. Momentum: b₁ = g₁, b₂ = μ·b₁ + g₂. Nesterov: g + μ·b.
        // Weight decay: g + λ·θ before everything else.
        let cases: [(momentum: Double, nesterov: Bool, decay: Double, first: Float, second: Float)] = [
            (0, false, 0, 0.9, 0.9 - 0.2),
            (0.9, false, 0, 0.9, 0.9 - 0.1 * 2.9),
            (0.9, true, 0, 0.81, 0.81 - 0.1 * (2 + 0.9 * 2.9)),
            (0, false, 0.5, 1 - 0.1 * 1.5, 0.85 - 0.1 * (2 + 0.5 * 0.85)),
        ]
        for (i, c) in cases.enumerated() {
            let p = parameters(["w": [1]])
            let sgd = SGD(parameters: p, momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.decay)
            setGradients(p, [[1]])
            sgd.step(p, learningRate: 0.1)
            XCTAssertEqual(p[0].parameter.value.values[0], c.first, accuracy: 1e-6, "case \(i), step 1")
            setGradients(p, [[2]])
            sgd.step(p, learningRate: 0.1)
            XCTAssertEqual(p[0].parameter.value.values[0], c.second, accuracy: 1e-6, "case \(i), step 2")
        }
    }

    func testSGDStateSlots() {
        let p = parameters(["a.weight": [1, 2], "a.bias": [3]])
        XCTAssertTrue(SGD(parameters: p).stateTensors().isEmpty)
        let sgd = SGD(parameters: p, momentum: 0.9)
        XCTAssertEqual(sgd.stateTensors().map(\.name), ["a.bias.momentum_buffer", "a.weight.momentum_buffer"])
        setGradients(p, [[5], [6, 7]])
        sgd.step(p, learningRate: 1)
        // The buffer starts as the first gradient, as PyTorch's does.
        XCTAssertEqual(sgd.stateTensors().map(\.tensor.values), [[5], [6, 7]])
    }

    // MARK: Resuming

    /// Steps `optimiser` `count` times with gradients drawn from `name` and the step number.
    private func run(_ optimiser: any Optimizer, _ p: [NamedParameter], steps: Range<Int>, rates: [Float]) {
        for step in steps {
            setGradients(p, p.map { randomTensor($0.parameter.value.shape, "\($0.name)-\(step)").values })
            optimiser.step(p, learningRate: rates[step])
        }
    }

    func testRestoreThenStepIsBitIdenticalToAnUninterruptedRun() throws {
        let makers: [(String, ([NamedParameter]) -> any Optimizer)] = [
            ("adam", { Adam(parameters: $0, weightDecay: 1e-4) }),
            ("adamw", { Adam.adamW(parameters: $0) }),
            ("sgd-nesterov", { SGD(parameters: $0, momentum: 0.9, nesterov: true, weightDecay: 5e-4) }),
        ]
        let rates: [Float] = [1e-2, 9e-3, 8e-3, 7e-3, 6e-3, 5e-3]
        for (name, make) in makers {
            let start = parameters([
                "0.weight": randomTensor([64], "w").values,
                "0.bias": randomTensor([8], "b").values,
            ])
            let straight = copies(start)
            let uninterrupted = make(straight)
            run(uninterrupted, straight, steps: 0..<6, rates: rates)

            let first = copies(start)
            let before = make(first)
            run(before, first, steps: 0..<3, rates: rates)
            // A checkpoint: values, optimiser state and step count, into fresh objects.
            let resumed = copies(first)
            let after = make(resumed)
            try after.restore(
                Dictionary(uniqueKeysWithValues: before.stateTensors().map { ($0.name, $0.tensor) }),
                stepCount: before.stepCount)
            XCTAssertEqual(after.stepCount, 3)
            run(after, resumed, steps: 3..<6, rates: rates)
            for (a, b) in zip(resumed, straight) {
                XCTAssertEqual(
                    a.parameter.value.values.map(\.bitPattern), b.parameter.value.values.map(\.bitPattern),
                    "\(name): \(a.name)")
            }
            XCTAssertEqual(after.stateTensors().map(\.tensor), uninterrupted.stateTensors().map(\.tensor), name)
        }
    }

    func testRestoreRejectsStateThatDoesNotFit() {
        let p = parameters(["fc.weight": [1, 2, 3]])
        let adam = Adam(parameters: p)
        let good = ["fc.weight.exp_avg": Tensor(shape: [3]), "fc.weight.exp_avg_sq": Tensor(shape: [3])]
        XCTAssertNoThrow(try adam.restore(good, stepCount: 4))
        XCTAssertEqual(adam.stepCount, 4)
        func reason(_ tensors: [String: Tensor]) -> OptimizerStateError? {
            do { try adam.restore(tensors, stepCount: 5) } catch { return error }
            return nil
        }
        XCTAssertEqual(reason(["fc.weight.exp_avg": Tensor(shape: [3])])?.name, "fc.weight.exp_avg_sq")
        let wrongShape = reason([
            "fc.weight.exp_avg": Tensor(shape: [3]),
            "fc.weight.exp_avg_sq": Tensor(shape: [1, 3]),
        ])
        XCTAssertEqual(wrongShape?.name, "fc.weight.exp_avg_sq")
        XCTAssertEqual(
            wrongShape?.description,
            "optimiser state fc.weight.exp_avg_sq: shape [1, 3] does not match the parameter's [3]")
        var extra = good
        extra["fc.weight.momentum_buffer"] = Tensor(shape: [3])
        XCTAssertEqual(reason(extra)?.name, "fc.weight.momentum_buffer")
        // A failed restore changes nothing.
        XCTAssertEqual(adam.stepCount, 4)
        XCTAssertEqual(reason(["fc.weight.momentum_buffer": Tensor(shape: [3])])?.name, "fc.weight.exp_avg")
        XCTAssertThrowsError(
            try SGD(parameters: p).restore(
                ["fc.weight.momentum_buffer": Tensor(shape: [3])],
                stepCount: 1))
    }

    // MARK: Clipping

    func testClipNormScalesAllGradientsTogether() {
        let p = parameters(["a": [0, 0, 0], "b": [0]])
        setGradients(p, [[3, 4, 0], [12]])
        let norm = GradientClipping.clipNorm(p, maxNorm: 1)
        XCTAssertEqual(norm, 13)
        let scale: Float = 1 / (13 + 1e-6)
        XCTAssertEqual(p[0].parameter.gradient.values, [3 * scale, 4 * scale, 0])
        XCTAssertEqual(p[1].parameter.gradient.values, [12 * scale])
        XCTAssertEqual(GradientClipping.totalNorm(p), 1, accuracy: 1e-6)
    }

    func testClipNormLeavesSmallAndNonFiniteGradientsAlone() {
        let p = parameters(["a": [0, 0]])
        setGradients(p, [[0.3, 0.4]])
        XCTAssertEqual(GradientClipping.clipNorm(p, maxNorm: 1), 0.5, accuracy: 1e-7)
        XCTAssertEqual(p[0].parameter.gradient.values, [0.3, 0.4])
        setGradients(p, [[.infinity, 1]])
        XCTAssertEqual(GradientClipping.clipNorm(p, maxNorm: 1), .infinity)
        XCTAssertEqual(p[0].parameter.gradient.values, [.infinity, 1])
    }

    func testClipValueClamps() {
        let p = parameters(["a": [0, 0, 0, 0]])
        setGradients(p, [[-3, 0.5, 2, .nan]])
        GradientClipping.clipValue(p, limit: 1)
        let g = p[0].parameter.gradient.values
        XCTAssertEqual(Array(g[0..<3]), [-1, 0.5, 1])
        XCTAssertTrue(g[3].isNaN)
    }
}
