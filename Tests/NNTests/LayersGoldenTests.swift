import MelshardCore
import NN
import Safetensors
import XCTest

/// Every non-convolution layer against PyTorch on the same inputs and weights:
/// `scripts/golden/nn/layers.py` stores x, a fixed dy, and PyTorch's y, dx and parameter
/// gradients in `Golden/layers.safetensors`.
final class LayersGoldenTests: XCTestCase {
    private static let file: SafetensorsFile = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/layers.safetensors")
        do { return try SafetensorsFile(path: url.path) } catch { fatalError("\(error)") }
    }()

    private func tensor(_ name: String) throws -> Tensor {
        let entry = try XCTUnwrap(Self.file.header.entry(name), "no \(name) in layers.safetensors")
        return Tensor(shape: entry.shape, values: try Self.file.floats(name))
    }

    /// Runs forward and backward of `layer` on case `name` and compares y, dx and every
    /// trainable parameter's gradient (`d<name>`) with PyTorch's.
    private func check(
        _ name: String, _ layer: any Layer, training: Bool = true, tolerance: Double = 1e-5,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let x = try tensor("\(name).x"), dy = try tensor("\(name).dy")
        let context = ForwardContext(training: training)
        let y = layer.forward(x, context)
        let expectedY = try tensor("\(name).y")
        XCTAssertEqual(y.shape, expectedY.shape, "\(name): y shape", file: file, line: line)
        assertClose(y.values, expectedY.values, tolerance: tolerance, "\(name): y", file: file, line: line)
        for p in layer.namedParameters() where p.parameter.role == .trainable { p.parameter.gradient.zero() }
        let dx = try XCTUnwrap(layer.backward(dy, context, needsInputGradient: true))
        assertClose(
            dx.values, try tensor("\(name).dx").values, tolerance: tolerance, "\(name): dx",
            file: file, line: line)
        for p in layer.namedParameters() where p.parameter.role == .trainable {
            assertClose(
                p.parameter.gradient.values, try tensor("\(name).d\(p.name)").values, tolerance: tolerance,
                "\(name): d\(p.name)", file: file, line: line)
        }
    }

    func testMetadataNamesTheReference() {
        XCTAssertEqual(Self.file.header.metadata["generator"], "scripts/golden/nn/layers.py")
        XCTAssertNotNil(Self.file.header.metadata["torch"])
    }

    func testMaxPoolAsymmetric() throws {
        try check("maxpool_2x4", MaxPool2D(kernel: (2, 4)))
        try check("maxpool_3x4_s2x3_p1", MaxPool2D(kernel: (3, 4), stride: (2, 3), padding: (1, 1)))
        try check("maxpool_4x1", MaxPool2D(kernel: (4, 1)))
        try check("maxpool_40x1", MaxPool2D(kernel: (40, 1)))
        try check("maxpool_1x80", MaxPool2D(kernel: (1, 80)))
    }

    func testMaxPoolTiesFollowPyTorch() throws {
        try check("maxpool_ties", MaxPool2D(kernel: (2, 2), stride: (1, 1)), tolerance: 0)
    }

    func testAveragePools() throws {
        try check("avgpool_3x2_s2_p1", AvgPool2D(kernel: (3, 2), stride: (2, 2), padding: (1, 1)))
        try check("avgpool_2x4", AvgPool2D(kernel: (2, 4)))
        try check("adaptiveavgpool", GlobalAveragePool())
    }

    func testBatchNorm2dTrainThenEval() throws {
        try checkBatchNorm("batchnorm2d", BatchNorm(3))
    }

    func testBatchNorm1dTrainThenEval() throws {
        try checkBatchNorm("batchnorm1d", BatchNorm(5, variant: .oneD))
    }

    private func checkBatchNorm(
        _ name: String, _ bn: BatchNorm, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        bn.weight.value = try tensor("\(name).weight")
        bn.bias.value = try tensor("\(name).bias")
        bn.runningMean.value = try tensor("\(name).running_mean_before")
        bn.runningVar.value = try tensor("\(name).running_var_before")
        try check("\(name)_train", bn, training: true, file: file, line: line)
        // The running statistics after one step, updated with the unbiased variance.
        assertClose(
            bn.runningMean.value.values, try tensor("\(name).running_mean_after").values, tolerance: 1e-6,
            "\(name): running_mean", file: file, line: line)
        assertClose(
            bn.runningVar.value.values, try tensor("\(name).running_var_after").values, tolerance: 1e-6,
            "\(name): running_var", file: file, line: line)
        XCTAssertEqual(bn.numBatchesTracked.value.values, [1], file: file, line: line)
        // Evaluation uses the running statistics just updated, and leaves them alone.
        let before = bn.runningVar.value
        try check("\(name)_eval", bn, training: false, file: file, line: line)
        XCTAssertEqual(bn.runningVar.value, before, file: file, line: line)
        XCTAssertEqual(bn.numBatchesTracked.value.values, [1], file: file, line: line)
    }

    func testLeakyReLU() throws {
        try check("leakyrelu", LeakyReLU())
        try check("leakyrelu_0.2", LeakyReLU(negativeSlope: 0.2))
    }

    func testLinear() throws {
        var random = SeededRandom(seed: 1, stream: "golden")
        let linear = Linear(7, 5, random: &random)
        linear.weight.value = try tensor("linear.weight")
        linear.bias!.value = try tensor("linear.bias")
        try check("linear", linear)
        let noBias = Linear(6, 3, bias: false, random: &random)
        noBias.weight.value = try tensor("linear_nobias.weight")
        try check("linear_nobias", noBias)
    }

    func testBilinearResize() throws {
        try check("bilinear_up", BilinearResize(height: 12, width: 16))
        try check("bilinear_down", BilinearResize(height: 4, width: 6))
        try check("bilinear_32x32", BilinearResize(height: 32, width: 32))
    }

    /// Study 002's mask: the template's float32 arithmetic is the twin's, so values agree to the
    /// last bit; on a tied maximum both take the first in row-major order.
    func testPartTemplateMask() throws {
        try check("part_template_mask", PartTemplateMask(), tolerance: 0)
        try check("part_template_mask_ties", PartTemplateMask(), tolerance: 0)
        let peakFirst = PartTemplateMask.template(height: 3, width: 4, peak: 1, beta: 4)
        XCTAssertEqual(peakFirst[1], 1)
        XCTAssertEqual(peakFirst[11], -1, "two rows and two columns away: 1 − 4 · (2/3 + 2/4) < −1")
    }
}
