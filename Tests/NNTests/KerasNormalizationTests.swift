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

    func testFormulaByHand() {
        let layer = KerasNormalization(channels: 2)
        layer.mean.value.values = [1, -2]
        layer.variance.value.values = [4, 0]  // √0 is clamped to 1e-7, as Keras does
        layer.weight.value.values = [3, 1e-7]
        layer.bias.value.values = [0.5, -1]
        let x = Tensor(shape: [1, 2, 1, 2], values: [3, 5, -1, -2])
        let y = layer.forward(x, ForwardContext(training: true))
        assertClose(y.values, [3.5, 6.5, 0, -1], tolerance: 1e-6, "y")
    }

    func testGradients() {
        let layer = KerasNormalization(channels: 3)
        layer.mean.value.values = [0.2, -0.1, 0.5]
        layer.variance.value.values = [0.5, 2, 1.5]
        layer.weight.value.values = [1.5, 0.7, -0.4]
        layer.bias.value.values = [0.1, 0, -0.3]
        checkGradients(layer, input: randomTensor([2, 3, 2, 3], "keras-norm"))
    }
}
