import MelshardCore
import NN
import XCTest

/// Checks a layer's backward pass against central finite differences.
///
/// The scalar probed is L = Σ y · r for a fixed random r, accumulated in float64, so dL/dy = r.
/// Each input element and each trainable parameter element is nudged by ±`epsilon` and
/// (L(+) − L(−)) / 2ε is compared with what `backward` gave. Kinks (ReLU at 0, ties in a max
/// pool) make finite differences wrong, so callers keep inputs away from them.
func checkGradients(
    _ layer: any Layer, input: Tensor, training: Bool = true, epsilon: Float = 1e-2,
    tolerance: Double = 2e-3, file: StaticString = #filePath, line: UInt = #line
) {
    var random = SeededRandom(seed: 7, stream: "gradient-check")
    let context = { ForwardContext(training: training, seed: 3, step: 1) }
    let y = layer.forward(input, context())
    let r = Tensor(shape: y.shape, values: y.values.map { _ in Float(random.nextUnit() * 2 - 1) })
    let parameters = layer.namedParameters().filter { $0.parameter.role == .trainable }
    for p in parameters { p.parameter.gradient.zero() }
    let dx = layer.backward(r, context(), needsInputGradient: true)!

    func loss(_ x: Tensor) -> Double {
        let y = layer.forward(x, context())
        return zip(y.values, r.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    func numeric(_ nudge: (Float) -> Void) -> Double {
        nudge(epsilon)
        let plus = loss(input)
        nudge(-2 * epsilon)
        let minus = loss(input)
        nudge(epsilon)
        return (plus - minus) / (2 * Double(epsilon))
    }

    var x = input
    var numericDX = [Double]()
    for i in 0..<x.count {
        let original = x.values[i]
        x.values[i] = original + epsilon
        let plus = loss(x)
        x.values[i] = original - epsilon
        let minus = loss(x)
        x.values[i] = original
        numericDX.append((plus - minus) / (2 * Double(epsilon)))
    }
    assertClose(dx.values.map(Double.init), numericDX, tolerance: tolerance, "dL/dx", file: file, line: line)

    for p in parameters {
        let analytic = p.parameter.gradient.values.map(Double.init)
        var numericDP = [Double]()
        for i in 0..<p.parameter.value.count {
            numericDP.append(numeric { p.parameter.value.values[i] += $0 })
        }
        assertClose(analytic, numericDP, tolerance: tolerance, "dL/d\(p.name)", file: file, line: line)
    }
}

/// Fails when |a − b| > tolerance · max(1, |b|) anywhere, printing the largest difference and
/// the first values of both (as llm.c's check_tensor does).
func assertClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "\(what): count", file: file, line: line)
    var worst = 0.0
    var worstIndex = 0
    for (i, (a, b)) in zip(actual, expected).enumerated() {
        let error = abs(a - b) / max(1, abs(b))
        // A NaN is the worst there is, and stays reported whatever follows it.
        if error.isNaN { worst = .nan; worstIndex = i; break }
        if error > worst { worst = error; worstIndex = i }
    }
    if !(worst <= tolerance) {
        let head = { (v: [Double]) in v.prefix(5).map { String(format: "%.6g", $0) }.joined(separator: " ") }
        XCTFail(
            "\(what): max relative difference \(worst) at \(worstIndex) (tolerance \(tolerance)); "
                + "got \(head(actual)) …, expected \(head(expected)) …", file: file, line: line)
    }
}

func assertClose(
    _ actual: [Float], _ expected: [Float], tolerance: Double, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertClose(actual.map(Double.init), expected.map(Double.init), tolerance: tolerance, what, file: file, line: line)
}

/// A tensor of `shape` with values drawn uniformly from [−1, 1), seeded by `name`.
func randomTensor(_ shape: [Int], _ name: String) -> Tensor {
    var random = SeededRandom(seed: 11, stream: name)
    return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.nextUnit() * 2 - 1) })
}
