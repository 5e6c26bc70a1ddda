import MelshardCore
import NN
import Safetensors
import XCTest

/// Conv2D and Conv1D against PyTorch on the same weights and inputs: y, dx, dweight and dbias.
/// The data comes from scripts/golden/nn/conv.py (see there for the cases).
final class ConvGoldenTests: XCTestCase {
    private func golden() throws -> SafetensorsFile {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/conv.safetensors")
        return try SafetensorsFile(path: url.path)
    }

    /// Loads the case's weights into `layer`, runs it on the case's x and dy, and compares.
    private func check(
        _ layer: any Layer, weight: Parameter, bias: Parameter?, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let golden = try golden()
        func tensor(_ key: String) throws -> Tensor {
            let entry = try XCTUnwrap(golden.header.entry("\(name).\(key)"), "\(name).\(key) missing")
            return Tensor(shape: entry.shape, values: try golden.floats("\(name).\(key)"))
        }
        XCTAssertEqual(weight.value.shape, try tensor("weight").shape, "\(name): weight layout", file: file, line: line)
        weight.value = try tensor("weight")
        if let bias { bias.value = try tensor("bias") }
        XCTAssertEqual(bias == nil, golden.header.entry("\(name).bias") == nil, "\(name): bias", file: file, line: line)
        let x = try tensor("x"), dy = try tensor("dy")
        for threads in [1, 2] {
            weight.gradient.zero()
            bias?.gradient.zero()
            let context = ForwardContext(training: true, threads: threads)
            let y = layer.forward(x, context)
            XCTAssertEqual(y.shape, try tensor("y").shape, "\(name): y shape", file: file, line: line)
            XCTAssertEqual(try layer.outputShape(for: x.shape), y.shape, file: file, line: line)
            // float32 on both sides, sums of at most a few hundred products in different orders.
            assertClose(y.values, try tensor("y").values, tolerance: 1e-5, "\(name): y", file: file, line: line)
            let dx = try XCTUnwrap(layer.backward(dy, context, needsInputGradient: true))
            XCTAssertEqual(dx.shape, x.shape, file: file, line: line)
            assertClose(dx.values, try tensor("dx").values, tolerance: 1e-5, "\(name): dx", file: file, line: line)
            assertClose(
                weight.gradient.values, try tensor("dweight").values, tolerance: 1e-5, "\(name): dweight",
                file: file, line: line)
            if let bias {
                assertClose(
                    bias.gradient.values, try tensor("dbias").values, tolerance: 1e-5, "\(name): dbias",
                    file: file, line: line)
            }
        }
    }

    func testConv2DMatchesPyTorch() throws {
        var random = SeededRandom(seed: 1, stream: "conv-golden")
        let cases: [(String, Conv2D)] = [
            (
                "asymmetric",
                Conv2D(
                    3, 4, kernel: (3, 5), stride: (2, 1), padding: .explicit(height: 1, width: 2),
                    random: &random)
            ),
            ("same_even_groups", Conv2D(4, 6, kernel: (2, 4), padding: .same, groups: 2, random: &random)),
            ("single_channel", Conv2D(1, 5, kernel: (12, 8), random: &random)),
            (
                "large_stride_nobias",
                Conv2D(
                    2, 3, kernel: 11, stride: 4, padding: .explicit(height: 2, width: 2),
                    bias: false, random: &random)
            ),
            ("wide_kernel_groups", Conv2D(6, 6, kernel: (1, 6), stride: (1, 3), groups: 3, random: &random)),
        ]
        for (name, layer) in cases {
            try check(layer, weight: layer.weight, bias: layer.bias, name)
        }
    }

    func testConv1DMatchesPyTorch() throws {
        var random = SeededRandom(seed: 2, stream: "conv-golden")
        let cases: [(String, Conv1D)] = [
            ("conv1d_depthwise", Conv1D(8, 8, kernel: 5, padding: .explicit(2), groups: 8, random: &random)),
            ("conv1d_grouped_stride", Conv1D(4, 6, kernel: 4, stride: 2, groups: 2, random: &random)),
        ]
        for (name, layer) in cases {
            try check(layer, weight: layer.weight, bias: layer.bias, name)
        }
    }

    func testGoldenFileRecordsItsVersions() throws {
        let metadata = try golden().header.metadata
        XCTAssertNotNil(metadata["torch"])
        XCTAssertEqual(metadata["generator"], "scripts/golden/nn/conv.py")
    }
}
