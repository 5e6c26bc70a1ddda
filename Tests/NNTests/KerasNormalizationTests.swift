import MelshardCore
import NN
import XCTest

/// `KerasNormalization` (study 001's input layer): names, the formula by hand, finite differences.
final class KerasNormalizationTests: XCTestCase {
    func testNamesRolesAndInitialState() {
        let layer = KerasNormalization(channels: 2)
        XCTAssertEqual(layer.namedParameters().map(\.name), ["weight", "bias", "mean", "variance"])
        XCTAssertEqual(layer.namedParameters().map(\.parameter.role), [.trainable, .trainable, .buffer, .buffer])
        let x = randomTensor([2, 2, 3, 4], "identity")
        XCTAssertEqual(layer.forward(x, ForwardContext(training: false)), x, "starts as the identity")
        XCTAssertThrowsError(try layer.outputShape(for: [2, 3, 3, 4]))
    }

    func testFormulaByHand() throws {
        let layer = KerasNormalization(channels: 2)
        layer.mean.value.values = [1, -2]
        layer.variance.value.values = [4, 0]  // √0 is clamped to 1e-7, as Keras does
        try XCTUnwrap(layer.weight).value.values = [3, 1e-7]
        try XCTUnwrap(layer.bias).value.values = [0.5, -1]
        let x = Tensor(shape: [1, 2, 1, 2], values: [3, 5, -1, -2])
        let y = layer.forward(x, ForwardContext(training: true))
        assertClose(y.values, [3.5, 6.5, 0, -1], tolerance: 1e-6, "y")
    }

    func testGradients() throws {
        let layer = KerasNormalization(channels: 3)
        layer.mean.value.values = [0.2, -0.1, 0.5]
        layer.variance.value.values = [0.5, 2, 1.5]
        try XCTUnwrap(layer.weight).value.values = [1.5, 0.7, -0.4]
        try XCTUnwrap(layer.bias).value.values = [0.1, 0, -0.3]
        checkGradients(layer, input: randomTensor([2, 3, 2, 3], "keras-norm"))
    }

    /// Keras's own layer state (study 001's Table 3): mean, variance and a scalar count, no
    /// trainable tensor, 2C + 1 floats; the count does not enter the forward pass.
    func testAdaptedFormHoldsKerasStatisticsOnly() {
        let layer = KerasNormalization(channels: 1, form: .adapted)
        XCTAssertEqual(layer.namedParameters().map(\.name), ["mean", "variance", "count"])
        XCTAssertEqual(layer.namedParameters().map(\.parameter.role), [.buffer, .buffer, .buffer])
        XCTAssertEqual(layer.namedParameters().map(\.parameter.value.shape), [[1], [1], []])
        XCTAssertEqual(layer.namedParameters().reduce(0) { $0 + $1.parameter.value.count }, 3)
        XCTAssertNil(layer.weight)
        XCTAssertNil(layer.bias)
        layer.mean.value.values = [1]
        layer.variance.value.values = [4]
        layer.count?.value.values = [6400]
        let x = Tensor(shape: [2, 1, 1, 2], values: [3, 5, -1, 1])
        let context = ForwardContext(training: true)
        XCTAssertEqual(layer.forward(x, context).values, [1, 2, -1, 0])
        let dx = layer.backward(Tensor(shape: x.shape, values: [1, -2, 4, 0.5]), context, needsInputGradient: true)
        XCTAssertEqual(dx?.values, [0.5, -1, 2, 0.25])
        let stats = KerasNormalization(channels: 2, form: .adapted)
        stats.mean.value.values = [0.3, -0.2]
        stats.variance.value.values = [0.8, 1.7]
        checkGradients(stats, input: randomTensor([2, 2, 2, 3], "keras-norm-adapted"))
    }
}
