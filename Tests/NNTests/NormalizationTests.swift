import NN
import XCTest

final class NormalizationTests: XCTestCase {
    // MARK: Batch norm

    func testBatchNormNamesFollowPyTorch() {
        let bn = BatchNorm(4)
        XCTAssertEqual(
            bn.namedParameters().map(\.name),
            ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(
            bn.namedParameters().map(\.parameter.role), [.trainable, .trainable, .buffer, .buffer, .counter])
        XCTAssertEqual(bn.numBatchesTracked.value.shape, [])
        XCTAssertEqual(bn.kind, "BatchNorm2d(4)")
        XCTAssertEqual(BatchNorm(4, variant: .oneD).kind, "BatchNorm1d(4)")
    }

    func testBatchNormShapeErrors() {
        XCTAssertThrowsError(try BatchNorm(4).outputShape(for: [2, 3, 5, 5])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "expects 4 channels in dimension 1, got 3")
        }
        XCTAssertThrowsError(try BatchNorm(4).outputShape(for: [2, 4]))
        XCTAssertThrowsError(try BatchNorm(4, variant: .oneD).outputShape(for: [2, 4, 3, 3]))
        XCTAssertEqual(try BatchNorm(4, variant: .oneD).outputShape(for: [2, 4]), [2, 4])
        XCTAssertEqual(try BatchNorm(4, variant: .oneD).outputShape(for: [2, 4, 7]), [2, 4, 7])
    }

    func testTrainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        let bn = BatchNorm(2)
        // Channel 0 holds 1…4, channel 1 holds 10, 20, 30, 40 (N = 2, H·W = 2).
        let x = Tensor(shape: [2, 2, 1, 2], values: [1, 2, 10, 20, 3, 4, 30, 40])
        let y = bn.forward(x, ForwardContext(training: true))
        // Mean 2.5 and biased variance 1.25 in channel 0.
        let expected0 = [1, 2, 3, 4].map { Float((Double($0) - 2.5) / (1.25 + 1e-5).squareRoot()) }
        assertClose([y.values[0], y.values[1], y.values[4], y.values[5]], expected0, tolerance: 1e-6, "y channel 0")
        // running = 0.9 · running + 0.1 · batch, with the unbiased variance (5/3 and 500/3).
        assertClose(bn.runningMean.value.values, [0.25, 2.5], tolerance: 1e-6, "running_mean")
        assertClose(
            bn.runningVar.value.values, [Float(0.9 + 0.1 * 5.0 / 3), Float(0.9 + 0.1 * 500.0 / 3)],
            tolerance: 1e-6, "running_var")
        XCTAssertEqual(bn.numBatchesTracked.value.values, [1])
        _ = bn.forward(x, ForwardContext(training: true))
        XCTAssertEqual(bn.numBatchesTracked.value.values, [2])
        assertClose(
            bn.runningMean.value.values, [0.25 * 0.9 + 0.25, 2.5 * 0.9 + 2.5], tolerance: 1e-6,
            "running_mean 2")
    }

    func testEvaluationUsesRunningStatisticsAndChangesNothing() {
        let bn = BatchNorm(2, variant: .oneD)
        bn.runningMean.value = Tensor(shape: [2], values: [1, -2])
        bn.runningVar.value = Tensor(shape: [2], values: [4, 0.25])
        bn.weight.value = Tensor(shape: [2], values: [2, 1])
        bn.bias.value = Tensor(shape: [2], values: [0.5, 0])
        let y = bn.forward(Tensor(shape: [1, 2], values: [3, -1]), ForwardContext(training: false))
        assertClose(
            y.values, [Float(2 * 2 / (4 + 1e-5).squareRoot() + 0.5), Float(1 / (0.25 + 1e-5).squareRoot())],
            tolerance: 1e-6, "eval y")
        XCTAssertEqual(bn.runningMean.value.values, [1, -2])
        XCTAssertEqual(bn.runningVar.value.values, [4, 0.25])
        XCTAssertEqual(bn.numBatchesTracked.value.values, [0])
    }

    func testBatchNormMatchesNaiveReferenceAndIsThreadIndependent() throws {
        let bn = BatchNorm(3)
        bn.weight.value = Tensor(shape: [3], values: [0.5, 1.5, -1])
        bn.bias.value = Tensor(shape: [3], values: [0.1, -0.2, 0.3])
        var x = randomTensor([4, 3, 5, 6], "bn")
        x.values = x.values.map { $0 * 3 + 7 }  // a large mean, where cancellation would show
        let dy = randomTensor([4, 3, 5, 6], "dy")
        let y = bn.forward(x, ForwardContext(training: true))
        let naive = BatchNormKernels.trainingForwardNaive(
            x: x.values, n: 4, c: 3, s: 30,
            weight: bn.weight.value.values, bias: bn.bias.value.values,
            eps: 1e-5)
        assertClose(y.values, naive.y, tolerance: 2e-6, "y")
        bn.weight.gradient.zero()
        bn.bias.gradient.zero()
        let dx = try XCTUnwrap(bn.backward(dy, ForwardContext(training: true), needsInputGradient: true))
        let reference = BatchNormKernels.trainingBackwardNaive(
            x: x.values, dy: dy.values, n: 4, c: 3, s: 30,
            weight: bn.weight.value.values, eps: 1e-5)
        assertClose(dx.values, reference.dx, tolerance: 1e-5, "dx")
        assertClose(bn.weight.gradient.values, reference.dWeight, tolerance: 1e-5, "dweight")
        assertClose(bn.bias.gradient.values, reference.dBias, tolerance: 1e-5, "dbias")

        let other = BatchNorm(3)
        other.weight.value = bn.weight.value
        other.bias.value = bn.bias.value
        let context = ForwardContext(training: true, threads: 2)
        XCTAssertEqual(other.forward(x, context), y)
        XCTAssertEqual(other.backward(dy, context, needsInputGradient: true), dx)
        XCTAssertEqual(other.weight.gradient, bn.weight.gradient)
    }

    func testBatchStatisticsStayAccurateUnderALargeMean() {
        var x = randomTensor([3, 2, 7, 5], "offset")
        x.values = x.values.map { 1000 + $0 }
        var mean = [Double](repeating: 0, count: 2), variance = mean
        BatchNormKernels.statistics(x: x.values, n: 3, c: 2, s: 35, mean: &mean, variance: &variance, threads: 1)
        let naive = BatchNormKernels.trainingForwardNaive(
            x: x.values, n: 3, c: 2, s: 35, weight: [1, 1], bias: [0, 0],
            eps: 1e-5)
        for ch in 0..<2 {
            XCTAssertEqual(mean[ch], naive.mean[ch], accuracy: 1e-9)
            XCTAssertEqual(variance[ch], naive.variance[ch], accuracy: 1e-9 * naive.variance[ch])
        }
    }

    func testBatchNormGradients() {
        let bn = BatchNorm(3)
        bn.weight.value = Tensor(shape: [3], values: [0.8, 1.3, -0.6])
        bn.bias.value = Tensor(shape: [3], values: [0.1, -0.2, 0.3])
        checkGradients(bn, input: randomTensor([2, 3, 2, 3], "train"))
        checkGradients(bn, input: randomTensor([2, 3, 2, 3], "eval"), training: false)
        let bn1 = BatchNorm(4, variant: .oneD)
        bn1.weight.value = Tensor(shape: [4], values: [0.8, 1.3, -0.6, 1])
        checkGradients(bn1, input: randomTensor([5, 4], "1d"))
    }

    func testBatchNormAddsParameterGradientsWithoutAnInputGradient() {
        let bn = BatchNorm(2)
        let x = randomTensor([2, 2, 3, 3], "x")
        _ = bn.forward(x, ForwardContext(training: true))
        let dy = randomTensor([2, 2, 3, 3], "dy")
        XCTAssertNil(bn.backward(dy, ForwardContext(training: true), needsInputGradient: false))
        XCTAssertNotEqual(bn.bias.gradient.values, [0, 0])
        XCTAssertNotEqual(bn.weight.gradient.values, [0, 0])
    }

    // MARK: Input normalisation

    func testInputNormalizationGlobalAndPerBand() throws {
        let global = InputNormalization(mean: 2, std: 4)
        XCTAssertEqual(global.namedParameters().map(\.name), ["mean", "std"])
        XCTAssertEqual(global.namedParameters().map(\.parameter.role), [.buffer, .buffer])
        XCTAssertEqual(global.mean.value.shape, [])
        let x = Tensor(shape: [1, 1, 2, 3], values: [2, 6, -2, 10, 0, 4])
        XCTAssertEqual(global.forward(x, ForwardContext(training: true)).values, [0, 1, -1, 2, -0.5, 0.5])

        let bands = InputNormalization(bandMeans: [0, 10], bandStds: [1, 2])
        XCTAssertEqual(bands.mean.value.shape, [1, 2, 1])
        XCTAssertEqual(bands.forward(x, ForwardContext(training: true)).values, [2, 6, -2, 0, -5, -3])
        let dx = try XCTUnwrap(
            bands.backward(
                Tensor(shape: [1, 1, 2, 3], repeating: 1), ForwardContext(training: true),
                needsInputGradient: true))
        XCTAssertEqual(dx.values, [1, 1, 1, 0.5, 0.5, 0.5])
        XCTAssertNil(bands.backward(dx, ForwardContext(training: true), needsInputGradient: false))
        checkGradients(bands, input: randomTensor([2, 3, 2, 4], "x"))
        XCTAssertThrowsError(try bands.outputShape(for: [1, 1, 3, 8])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "has statistics for 2 bands but the input has H = 3")
        }
    }
}
