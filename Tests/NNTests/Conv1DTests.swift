import MelshardCore
import NN
import XCTest

final class Conv1DTests: XCTestCase {
    func testMatchesConv2DWithHeightOne() throws {
        var random = SeededRandom(seed: 1, stream: "conv1d")
        let cases: [(Conv1D, Conv2D, [Int])] = [
            (
                Conv1D(4, 6, kernel: 3, stride: 2, padding: .explicit(1), groups: 2, random: &random),
                Conv2D(
                    4, 6, kernel: (1, 3), stride: (1, 2), padding: .explicit(height: 0, width: 1), groups: 2,
                    random: &random), [3, 4, 17]
            ),
            (
                Conv1D(1, 3, kernel: 4, padding: .same, random: &random),
                Conv2D(1, 3, kernel: (1, 4), padding: .same, random: &random), [2, 1, 9]
            ),
        ]
        for (layer, plane, shape) in cases {
            plane.weight.value = layer.weight.value.reshaped(plane.weight.value.shape)
            plane.bias!.value = layer.bias!.value
            let x = randomTensor(shape, "x")
            let context = ForwardContext(training: true)
            let y = layer.forward(x, context)
            let y2 = plane.forward(x.reshaped([shape[0], shape[1], 1, shape[2]]), context)
            XCTAssertEqual(y.shape, try layer.outputShape(for: shape))
            XCTAssertEqual(y.values, y2.values)
            let dy = randomTensor(y.shape, "dy")
            let dx = try XCTUnwrap(layer.backward(dy, context, needsInputGradient: true))
            let dx2 = try XCTUnwrap(plane.backward(dy.reshaped(y2.shape), context, needsInputGradient: true))
            XCTAssertEqual(dx.shape, shape)
            XCTAssertEqual(dx.values, dx2.values)
            XCTAssertEqual(layer.weight.gradient.values, plane.weight.gradient.values)
            XCTAssertEqual(layer.weight.gradient.shape, layer.weight.value.shape)
            XCTAssertEqual(layer.bias!.gradient.values, plane.bias!.gradient.values)
        }
    }

    func testGradientsAgainstFiniteDifferences() {
        var random = SeededRandom(seed: 2, stream: "conv1d")
        checkGradients(
            Conv1D(4, 4, kernel: 3, padding: .explicit(1), groups: 4, random: &random),
            input: randomTensor([2, 4, 7], "x"))
        checkGradients(
            Conv1D(2, 4, kernel: 4, stride: 2, groups: 2, bias: false, random: &random),
            input: randomTensor([2, 2, 9], "x"))
        checkGradients(Conv1D(1, 2, kernel: 2, padding: .same, random: &random), input: randomTensor([2, 1, 6], "x"))
    }

    func testShapesNamesAndErrors() throws {
        var random = SeededRandom(seed: 3, stream: "conv1d")
        let layer = Conv1D(8, 8, kernel: 5, padding: .explicit(2), groups: 8, random: &random)
        XCTAssertEqual(layer.weight.value.shape, [8, 1, 5])
        XCTAssertEqual(layer.namedParameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(try layer.outputShape(for: [3, 8, 30]), [3, 8, 30])
        XCTAssertEqual(layer.kind, "Conv1d(8, 8, kernel 5, stride 1, padding 2, groups 8)")
        let bound = 1 / Float(5).squareRoot()
        XCTAssertTrue(layer.weight.value.values.allSatisfy { abs($0) <= bound })
        XCTAssertEqual(
            try Conv1D(3, 2, kernel: 4, stride: 3, random: &random).outputShape(for: [1, 3, 14]), [1, 2, 4])
        let same = Conv1D(3, 2, kernel: 4, padding: .same, random: &random)
        XCTAssertEqual(try same.outputShape(for: [1, 3, 14]), [1, 2, 14])
        XCTAssertEqual(try layer.outputShape(for: [3, 8, 1]), [3, 8, 1])
        let valid = Conv1D(8, 8, kernel: 5, groups: 8, random: &random)
        XCTAssertThrowsError(try valid.outputShape(for: [3, 8, 4])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "padded length 4 is shorter than the kernel 5")
        }
        XCTAssertThrowsError(try layer.outputShape(for: [3, 4, 30])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "expects 8 input channels, got 4")
        }
        XCTAssertThrowsError(try layer.outputShape(for: [3, 8, 1, 30])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "expects [N, C, L] (3 dimensions), got 4")
        }
    }

    func testNoInputGradient() {
        var random = SeededRandom(seed: 4, stream: "conv1d")
        let layer = Conv1D(3, 6, kernel: 3, groups: 3, random: &random)
        let context = ForwardContext(training: true)
        _ = layer.forward(randomTensor([2, 3, 10], "x"), context)
        XCTAssertNil(layer.backward(randomTensor([2, 6, 8], "dy"), context, needsInputGradient: false))
        XCTAssertTrue(layer.weight.gradient.values.contains { $0 != 0 })
        XCTAssertTrue(layer.bias!.gradient.values.contains { $0 != 0 })
    }
}
