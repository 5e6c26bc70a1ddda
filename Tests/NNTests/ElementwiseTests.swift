import MelshardCore
import NN
import XCTest

/// Activations, dropout, linear, flatten and concatenation.
final class ElementwiseTests: XCTestCase {
    /// Values in ±[0.1, 1.1): away from the kink at 0 by more than the finite-difference step.
    private func awayFromZero(_ shape: [Int], _ name: String) -> Tensor {
        var x = randomTensor(shape, name)
        x.values = x.values.map { $0 + ($0 < 0 ? -0.1 : 0.1) }
        return x
    }

    func testReLU() throws {
        let relu = ReLU()
        let x = Tensor(shape: [1, 4], values: [-1, 0, 2, .nan])
        let y = relu.forward(x, ForwardContext(training: true))
        XCTAssertEqual(Array(y.values.prefix(3)), [0, 0, 2])
        XCTAssertTrue(y.values[3].isNaN)
        let dx = try XCTUnwrap(
            relu.backward(
                Tensor(shape: [1, 4], repeating: 1), ForwardContext(training: true),
                needsInputGradient: true))
        XCTAssertEqual(Array(dx.values.prefix(3)), [0, 0, 1])
        checkGradients(relu, input: awayFromZero([2, 3, 4], "relu"))
        XCTAssertNil(relu.backward(y, ForwardContext(training: true), needsInputGradient: false))
    }

    func testLeakyReLU() throws {
        let leaky = LeakyReLU()
        XCTAssertEqual(
            leaky.forward(Tensor(shape: [3], values: [-2, 0, 3]), ForwardContext(training: true)).values,
            [-0.02, 0, 3])
        let dx = try XCTUnwrap(
            leaky.backward(
                Tensor(shape: [3], repeating: 1), ForwardContext(training: true),
                needsInputGradient: true))
        XCTAssertEqual(dx.values, [0.01, 0.01, 1])
        checkGradients(LeakyReLU(negativeSlope: 0.2), input: awayFromZero([2, 3, 4], "leaky"))
    }

    // MARK: Dropout

    func testDropoutStatisticsAndScale() {
        let dropout = Dropout(p: 0.3)
        let x = Tensor(shape: [100, 1000], repeating: 1)
        let y = dropout.forward(x, ForwardContext(training: true, seed: 9, step: 4))
        let dropped = y.values.filter { $0 == 0 }.count
        // Binomial(100 000, 0.3): σ ≈ 145; allow 5σ.
        XCTAssertEqual(Double(dropped), 30_000, accuracy: 725)
        XCTAssertTrue(y.values.allSatisfy { $0 == 0 || $0 == 1 / Float(0.7) })
        let mean = y.values.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        XCTAssertEqual(mean, 1, accuracy: 0.01)
        // Two chunks of 64 Ki elements: the mask does not depend on how many threads fill it.
        XCTAssertEqual(Dropout(p: 0.3).forward(x, ForwardContext(training: true, threads: 2, seed: 9, step: 4)), y)
        // The chunks draw different masks.
        XCTAssertNotEqual(Array(y.values[0..<1000]), Array(y.values[65536..<66536]))
    }

    func testDropoutIsAPureFunctionOfSeedStepAndOrder() throws {
        let x = randomTensor([4, 50], "x")
        let a = Dropout(p: 0.5), b = Dropout(p: 0.5)
        let first = a.forward(x, ForwardContext(training: true, seed: 1, step: 7))
        XCTAssertEqual(b.forward(x, ForwardContext(training: true, seed: 1, step: 7)), first)
        XCTAssertEqual(b.forward(x, ForwardContext(training: true, threads: 2, seed: 1, step: 7)), first)
        XCTAssertNotEqual(b.forward(x, ForwardContext(training: true, seed: 1, step: 8)), first)
        XCTAssertNotEqual(b.forward(x, ForwardContext(training: true, seed: 2, step: 7)), first)
        // The second dropout layer in a pass draws its own mask.
        let net = Sequential([Dropout(p: 0.5), Dropout(p: 0.5)])
        let context = ForwardContext(training: true, seed: 1, step: 7)
        let twice = net.forward(x, context)
        XCTAssertNotEqual(twice.values.map { $0 == 0 }, first.values.map { $0 == 0 })
        // Backward applies the same mask.
        let dx = try XCTUnwrap(
            a.backward(
                Tensor(shape: x.shape, repeating: 1), ForwardContext(training: true),
                needsInputGradient: true))
        XCTAssertEqual(dx.values.map { $0 == 0 }, first.values.map { $0 == 0 })
        checkGradients(Dropout(p: 0.4), input: randomTensor([3, 7], "grad"))
    }

    func testDropoutIsTheIdentityInEvaluationAndAtTheExtremes() throws {
        let x = randomTensor([3, 5], "x")
        let dropout = Dropout(p: 0.5)
        XCTAssertEqual(dropout.forward(x, .evaluation()), x)
        XCTAssertEqual(try XCTUnwrap(dropout.backward(x, .evaluation(), needsInputGradient: true)), x)
        XCTAssertEqual(Dropout(p: 0).forward(x, ForwardContext(training: true, seed: 1)), x)
        XCTAssertTrue(Dropout(p: 1).forward(x, ForwardContext(training: true, seed: 1)).values.allSatisfy { $0 == 0 })
    }

    // MARK: Linear

    func testLinearInitialisationNamesAndShapes() {
        var random = SeededRandom(seed: 3, stream: "linear")
        let linear = Linear(16, 4, random: &random)
        XCTAssertEqual(linear.namedParameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(linear.weight.value.shape, [4, 16])
        XCTAssertEqual(linear.bias?.value.shape, [4])
        XCTAssertTrue(linear.weight.value.values.allSatisfy { abs($0) <= 0.25 })
        XCTAssertGreaterThan(linear.weight.value.values.map(abs).max()!, 0.2)
        var again = SeededRandom(seed: 3, stream: "linear")
        XCTAssertEqual(Linear(16, 4, random: &again).weight.value, linear.weight.value)
        XCTAssertEqual(Linear(16, 4, bias: false, random: &random).namedParameters().map(\.name), ["weight"])
        XCTAssertThrowsError(try linear.outputShape(for: [2, 1, 4, 4])) { error in
            XCTAssertEqual((error as? ShapeError)?.input, [2, 1, 4, 4])
        }
    }

    func testLinearMatchesNaiveReference() throws {
        var random = SeededRandom(seed: 3, stream: "linear")
        let linear = Linear(9, 5, random: &random)
        let x = randomTensor([6, 9], "x"), dy = randomTensor([6, 5], "dy")
        let y = linear.forward(x, ForwardContext(training: true))
        assertClose(
            y.values,
            Linear.forwardNaive(
                x: x.values, n: 6, weight: linear.weight.value.values,
                bias: linear.bias!.value.values, inFeatures: 9, outFeatures: 5),
            tolerance: 1e-6, "y")
        let dx = try XCTUnwrap(linear.backward(dy, ForwardContext(training: true), needsInputGradient: true))
        let reference = Linear.backwardNaive(
            x: x.values, dy: dy.values, n: 6, weight: linear.weight.value.values,
            inFeatures: 9, outFeatures: 5)
        assertClose(dx.values, reference.dx, tolerance: 1e-6, "dx")
        assertClose(linear.weight.gradient.values, reference.dWeight, tolerance: 1e-6, "dweight")
        assertClose(linear.bias!.gradient.values, reference.dBias, tolerance: 1e-6, "dbias")
        // Gradients accumulate; no input gradient when not needed.
        XCTAssertNil(linear.backward(dy, ForwardContext(training: true), needsInputGradient: false))
        assertClose(linear.weight.gradient.values, reference.dWeight.map { 2 * $0 }, tolerance: 1e-6, "2 dweight")
    }

    func testLinearGradients() {
        var random = SeededRandom(seed: 4, stream: "linear")
        checkGradients(Linear(5, 3, random: &random), input: randomTensor([4, 5], "x"))
        checkGradients(Linear(5, 3, bias: false, random: &random), input: randomTensor([2, 5], "x"))
    }

    // MARK: Flatten and concatenation

    func testFlatten() throws {
        let flatten = Flatten()
        let x = randomTensor([2, 3, 4, 5], "x")
        let y = flatten.forward(x, ForwardContext(training: true))
        XCTAssertEqual(y.shape, [2, 60])
        XCTAssertEqual(y.values, x.values)
        XCTAssertEqual(
            flatten.backward(y, ForwardContext(training: true), needsInputGradient: true)?.shape,
            [2, 3, 4, 5])
        XCTAssertNil(flatten.backward(y, ForwardContext(training: true), needsInputGradient: false))
    }

    func testReshapeKeepsTheBatchAndTheOrder() throws {
        let reshape = Reshape([12, 5])
        XCTAssertEqual(reshape.kind, "Reshape(12, 5)")
        let x = randomTensor([2, 3, 4, 5], "x")
        let y = reshape.forward(x, ForwardContext(training: true))
        XCTAssertEqual(y.shape, [2, 12, 5])
        XCTAssertEqual(y.values, x.values)
        let dy = randomTensor([2, 12, 5], "dy")
        let dx = try XCTUnwrap(reshape.backward(dy, ForwardContext(training: true), needsInputGradient: true))
        XCTAssertEqual(dx.shape, [2, 3, 4, 5])
        XCTAssertEqual(dx.values, dy.values)
        XCTAssertNil(reshape.backward(dy, ForwardContext(training: true), needsInputGradient: false))
        XCTAssertThrowsError(try reshape.outputShape(for: [2, 3, 4, 4])) { error in
            XCTAssertTrue("\(error)".contains("48"), "\(error)")
        }
        XCTAssertEqual(try Reshape([1, 512, 28]).outputShape(for: [7, 512, 28]), [7, 1, 512, 28])
    }

    func testConcatenateNamesShapesAndGradients() throws {
        var random = SeededRandom(seed: 8, stream: "branches")
        let time = Sequential([Linear(6, 4, random: &random), Linear(4, 3, random: &random)])
        let frequency = Sequential([Linear(6, 2, random: &random)])
        let net = Concatenate([("time", time), ("frequency", frequency)])
        XCTAssertEqual(
            net.namedParameters().map(\.name),
            [
                "time.0.weight", "time.0.bias", "time.1.weight", "time.1.bias", "frequency.0.weight",
                "frequency.0.bias",
            ])
        XCTAssertEqual(try net.outputShape(for: [4, 6]), [4, 5])
        let x = randomTensor([4, 6], "x")
        let y = net.forward(x, ForwardContext(training: true))
        let t = time.forward(x, ForwardContext(training: true))
        let f = frequency.forward(x, ForwardContext(training: true))
        for n in 0..<4 {
            XCTAssertEqual(
                Array(y.values[(n * 5)..<(n * 5 + 5)]),
                Array(t.values[(n * 3)..<(n * 3 + 3)]) + Array(f.values[(n * 2)..<(n * 2 + 2)]))
        }
        checkGradients(net, input: x)
        // Without an input gradient: nil, but every branch still adds its parameter gradients.
        for p in net.namedParameters() { p.parameter.gradient.zero() }
        _ = net.forward(x, ForwardContext(training: true))
        let dy = randomTensor([4, 5], "dy")
        XCTAssertNil(net.backward(dy, ForwardContext(training: true), needsInputGradient: false))
        for p in net.namedParameters() {
            XCTAssertTrue(p.parameter.gradient.values.contains { $0 != 0 }, p.name)
        }
    }

    func testConcatenateSpatialBranchesAndMismatch() throws {
        let net = Concatenate([("a", MaxPool2D(kernel: (2, 1))), ("b", AvgPool2D(kernel: (2, 1)))])
        XCTAssertEqual(try net.outputShape(for: [2, 3, 4, 5]), [2, 6, 2, 5])
        checkGradients(net, input: distinctTensor([2, 3, 4, 5], "x"))
        let bad = Concatenate([("time", MaxPool2D(kernel: (2, 1))), ("frequency", MaxPool2D(kernel: (1, 2)))])
        XCTAssertThrowsError(try bad.outputShape(for: [2, 3, 4, 4])) { error in
            XCTAssertTrue(
                "\(error)".contains("branch frequency gives [2, 3, 4, 2] but branch time gives [2, 3, 2, 4]"),
                "\(error)")
        }
        let nested = Concatenate([("time", Sequential([MaxPool2D(kernel: (8, 1))]))])
        XCTAssertThrowsError(try nested.outputShape(for: [2, 3, 4, 4])) { error in
            XCTAssertEqual((error as? ShapeError)?.layer, "time.0")
        }
    }
}
