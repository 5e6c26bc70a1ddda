import NN
import XCTest

/// A layer that scales by a trainable scalar: enough to test containers without real layers.
private final class Scale: Layer {
    let weight: Parameter
    private var input = Tensor(shape: [0])
    init(_ w: Float) { weight = Parameter(Tensor(shape: [1], values: [w])) }
    var kind: String { "Scale" }
    var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight)] }
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        guard input.count == 2 else { throw ShapeError(kind: kind, input: input, reason: "expects [N, F]") }
        return input
    }
    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        input = x
        return Tensor(shape: x.shape, values: x.values.map { $0 * weight.value.values[0] })
    }
    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        weight.gradient.values[0] += zip(dy.values, input.values).reduce(0) { $0 + $1.0 * $1.1 }
        return needsInputGradient ? Tensor(shape: dy.shape, values: dy.values.map { $0 * weight.value.values[0] }) : nil
    }
}

final class SequentialTests: XCTestCase {
    func testNamesFollowPyTorchStateDict() {
        let net = Sequential([Scale(2), Sequential([Scale(3), Scale(4)])])
        XCTAssertEqual(net.namedParameters().map(\.name), ["0.weight", "1.0.weight", "1.1.weight"])
    }

    func testShapeErrorNamesTheNestedLayer() {
        let net = Sequential([Scale(2), Sequential([Scale(3)])])
        XCTAssertThrowsError(try net.outputShape(for: [1, 2, 3])) { error in
            XCTAssertEqual((error as? ShapeError)?.layer, "0")
            XCTAssertEqual("\(error)", "layer 0 (Scale): input [1, 2, 3]: expects [N, F]")
        }
    }

    func testChainRuleThroughContainers() {
        let net = Sequential([Scale(2), Sequential([Scale(3), Scale(-1.5)])])
        checkGradients(net, input: randomTensor([2, 3], "x"))
    }
}
