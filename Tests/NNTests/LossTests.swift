import Foundation
import NN
import XCTest

/// Central finite differences of a loss function: each logit is nudged by ±ε and
/// (L(+) − L(−)) / 2ε is compared with the gradient `evaluate` returned. (`checkGradients`
/// probes layers; a loss is a plain function of its logits.) The tolerance is relative to the
/// largest gradient element, since the mean reduction makes every element small.
private func checkLossGradient(
    _ loss: any Loss, logits: Tensor, targets: Targets, epsilon: Float = 1e-2, tolerance: Double = 1e-3,
    file: StaticString = #filePath, line: UInt = #line
) {
    let analytic = loss.evaluate(logits, targets).gradient
    XCTAssertEqual(analytic.shape, logits.shape, "gradient shape", file: file, line: line)
    var x = logits
    var numeric = [Double]()
    for i in 0..<x.count {
        let original = x.values[i]
        x.values[i] = original + epsilon
        let plus = Double(loss.evaluate(x, targets).loss)
        x.values[i] = original - epsilon
        let minus = Double(loss.evaluate(x, targets).loss)
        x.values[i] = original
        numeric.append((plus - minus) / (2 * Double(epsilon)))
    }
    let scale = numeric.map(abs).max() ?? 1
    XCTAssertGreaterThan(scale, 1e-3, "the probe has a gradient to compare", file: file, line: line)
    for (i, (a, n)) in zip(analytic.values, numeric).enumerated() where !(abs(Double(a) - n) <= tolerance * scale) {
        XCTFail("dL/dlogits[\(i)]: analytic \(a), numeric \(n)", file: file, line: line)
        return
    }
}

final class LossTests: XCTestCase {
    private let labels = [2, 0, 4, 3, 1]

    func testCrossEntropyGradientMatchesFiniteDifferences() {
        let logits = randomTensor([5, 5], "ce-logits")
        let weights: [Float] = [1, 2, 0.5, 3, 0.25]
        checkLossGradient(CrossEntropyLoss(), logits: logits, targets: .classes(labels))
        checkLossGradient(CrossEntropyLoss(classWeights: weights), logits: logits, targets: .classes(labels))
        checkLossGradient(CrossEntropyLoss(labelSmoothing: 0.1), logits: logits, targets: .classes(labels))
        checkLossGradient(
            CrossEntropyLoss(classWeights: weights, labelSmoothing: 0.3), logits: logits,
            targets: .classes(labels))
    }

    func testCrossEntropyOfUniformLogitsIsLogC() {
        let (loss, gradient) = CrossEntropyLoss().evaluate(Tensor(shape: [2, 4], repeating: 3), .classes([1, 3]))
        XCTAssertEqual(Double(loss), log(4), accuracy: 1e-6)
        // (softmax − onehot) / N: 0.25/2 off target, (0.25 − 1)/2 on it.
        XCTAssertEqual(gradient.values, [0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375])
    }

    func testCrossEntropyIsStableForHugeLogits() {
        let logits = Tensor(shape: [2, 3], values: [1e4, 0, -1e4, 1e4, 0, -1e4])
        let (loss, gradient) = CrossEntropyLoss().evaluate(logits, .classes([0, 1]))
        // Row 0 is right with certainty (loss 0); row 1 is off by 1e4. Mean: 5000.
        XCTAssertEqual(loss, 5000)
        XCTAssertTrue(gradient.values.allSatisfy(\.isFinite))
        XCTAssertEqual(gradient.values, [0, 0, 0, 0.5, -0.5, 0])
    }

    func testWeightedMeanDividesByTheTargetsWeights() {
        // A weighted mean of per-example losses: weight 3 on the first target, 1 on the second.
        let logits = randomTensor([2, 3], "weighted")
        let plain = CrossEntropyLoss()
        let single0 = plain.evaluate(Tensor(shape: [1, 3], values: Array(logits.values[0..<3])), .classes([0])).loss
        let single1 = plain.evaluate(Tensor(shape: [1, 3], values: Array(logits.values[3..<6])), .classes([2])).loss
        let weighted = CrossEntropyLoss(classWeights: [3, 7, 1]).evaluate(logits, .classes([0, 2])).loss
        XCTAssertEqual(weighted, (3 * single0 + single1) / 4, accuracy: 1e-6)
    }

    func testLabelSmoothingOfOneIgnoresTheTarget() {
        let logits = randomTensor([3, 4], "smooth")
        let a = CrossEntropyLoss(labelSmoothing: 1).evaluate(logits, .classes([0, 1, 2]))
        let b = CrossEntropyLoss(labelSmoothing: 1).evaluate(logits, .classes([3, 3, 3]))
        XCTAssertEqual(a.loss, b.loss)
        XCTAssertEqual(a.gradient, b.gradient)
    }

    func testBinaryCrossEntropyGradientMatchesFiniteDifferences() {
        let logits = randomTensor([4, 3], "bce-logits")
        let t = Tensor(shape: [4, 3], values: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1])
        checkLossGradient(BinaryCrossEntropyWithLogits(), logits: logits, targets: .multiHot(t))
        checkLossGradient(
            BinaryCrossEntropyWithLogits(positiveWeights: [2, 0.5, 3]), logits: logits,
            targets: .multiHot(t))
    }

    func testBinaryCrossEntropyMatchesTheNaiveFormulaAndIsStable() {
        let logits = Tensor(shape: [1, 4], values: [0.5, -1.5, 1e4, -1e4])
        let t = Tensor(shape: [1, 4], values: [1, 0, 0, 0])
        let (loss, gradient) = BinaryCrossEntropyWithLogits().evaluate(logits, .multiHot(t))
        let sigmoid = { (x: Double) in 1 / (1 + exp(-x)) }
        // −log σ(0.5) − log(1 − σ(−1.5)) + (1e4: log(1 + e^1e4) = 1e4) + 0, over 4 elements.
        let expected = (-log(sigmoid(0.5)) - log(1 - sigmoid(-1.5)) + 1e4) / 4
        XCTAssertEqual(Double(loss), expected, accuracy: 1e-3)
        XCTAssertEqual(gradient.values[0], Float((sigmoid(0.5) - 1) / 4), accuracy: 1e-7)
        XCTAssertEqual(gradient.values[2], 0.25)
        XCTAssertEqual(gradient.values[3], 0)
    }
}
