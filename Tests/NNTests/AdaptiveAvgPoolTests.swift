import MelshardCore
import NN
import Safetensors
import XCTest

/// `AdaptiveAvgPool2D` against PyTorch's windows, its naive reference, finite differences and
/// `scripts/golden/nn/adaptive_pool.py`'s golden data (`Golden/adaptive_pool.safetensors`).
final class AdaptiveAvgPoolTests: XCTestCase {
    private static let golden: SafetensorsFile = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/adaptive_pool.safetensors")
        do { return try SafetensorsFile(path: url.path) } catch { fatalError("\(error)") }
    }()

    private func tensor(_ name: String) throws -> Tensor {
        let entry = try XCTUnwrap(Self.golden.header.entry(name), "no \(name) in adaptive_pool.safetensors")
        return Tensor(shape: entry.shape, values: try Self.golden.floats(name))
    }

    func testWindowsArePyTorchs() {
        // 4 → 7 (VGG at 128 × 128): ⌊4i/7⌋ ..< ⌈4(i+1)/7⌉, windows of 1 and 2 rows that overlap.
        let vgg = (0..<7).map { AdaptiveAvgPool2DKernels.window($0, outputSize: 7, inputSize: 4) }
        XCTAssertEqual(vgg, [0..<1, 0..<2, 1..<2, 1..<3, 2..<3, 2..<4, 3..<4])
        // 3 → 6 (AlexNet at 128 × 128): each input row twice.
        let alexnet = (0..<6).map { AdaptiveAvgPool2DKernels.window($0, outputSize: 6, inputSize: 3) }
        XCTAssertEqual(alexnet, [0..<1, 0..<1, 1..<2, 1..<2, 2..<3, 2..<3])
        // 10 → 4: ⌊10i/4⌋ ..< ⌈10(i+1)/4⌉.
        let shrink = (0..<4).map { AdaptiveAvgPool2DKernels.window($0, outputSize: 4, inputSize: 10) }
        XCTAssertEqual(shrink, [0..<3, 2..<5, 5..<8, 7..<10])
    }

    func testShapesForAlexNetAndVGGHeads() throws {
        XCTAssertEqual(try AdaptiveAvgPool2D(6).outputShape(for: [64, 256, 3, 3]), [64, 256, 6, 6])
        XCTAssertEqual(try AdaptiveAvgPool2D(7).outputShape(for: [16, 512, 4, 4]), [16, 512, 7, 7])
        XCTAssertEqual(try AdaptiveAvgPool2D(output: (3, 5)).outputShape(for: [1, 2, 40, 80]), [1, 2, 3, 5])
        XCTAssertThrowsError(try AdaptiveAvgPool2D(6).outputShape(for: [2, 3, 3]))
        XCTAssertThrowsError(try AdaptiveAvgPool2D(6).outputShape(for: [2, 3, 0, 4])) { error in
            XCTAssertTrue("\(error)".contains("0 × 4"), "\(error)")
        }
        XCTAssertEqual(AdaptiveAvgPool2D(output: (6, 7)).kind, "AdaptiveAvgPool2d(output_size=(6, 7))")
    }

    func testThreeByThreeToSixBySixRepeatsEachElement() {
        let x = Tensor(shape: [1, 1, 3, 3], values: (1...9).map(Float.init))
        let y = AdaptiveAvgPool2D(6).forward(x, ForwardContext(training: false))
        XCTAssertEqual(y.shape, [1, 1, 6, 6])
        XCTAssertEqual(Array(y.values[0..<6]), [1, 1, 2, 2, 3, 3])
        XCTAssertEqual(Array(y.values[6..<12]), [1, 1, 2, 2, 3, 3])
        XCTAssertEqual(Array(y.values[30..<36]), [7, 7, 8, 8, 9, 9])
    }

    func testFourByFourToSevenBySevenAveragesOverlappingWindows() {
        let x = Tensor(shape: [1, 1, 4, 4], values: (0..<16).map(Float.init))
        let y = AdaptiveAvgPool2D(7).forward(x, ForwardContext(training: false))
        XCTAssertEqual(y.shape, [1, 1, 7, 7])
        // Row 0 averages input row 0 over column windows 0, 0–1, 1, 1–2, 2, 2–3, 3.
        XCTAssertEqual(Array(y.values[0..<7]), [0, 0.5, 1, 1.5, 2, 2.5, 3])
        // Output (1, 1) averages input rows 0–1 and columns 0–1: (0 + 1 + 4 + 5) / 4.
        XCTAssertEqual(y.values[8], 2.5)
    }

    func testFastPathMatchesNaiveAndThreads() throws {
        for (shape, output) in [
            ([2, 3, 3, 3], (6, 6)), ([2, 3, 4, 4], (7, 7)), ([1, 2, 10, 6], (4, 4)),
            ([3, 2, 5, 7], (3, 4)), ([1, 700, 3, 3], (6, 6)), ([2, 2, 2, 9], (5, 2)),
        ] {
            let layer = AdaptiveAvgPool2D(output: output)
            let x = randomTensor(shape, "adaptive \(shape)")
            let input = (shape[2], shape[3]), planes = shape[0] * shape[1]
            let y1 = layer.forward(x, ForwardContext(training: true, threads: 1))
            let naive = AdaptiveAvgPool2DKernels.forwardNaive(x: x.values, planes: planes, input: input, output: output)
            XCTAssertEqual(y1.values, naive, "\(shape) → \(output)")
            let dy = randomTensor(y1.shape, "dy \(shape)")
            let dx1 = try XCTUnwrap(layer.backward(dy, ForwardContext(training: true), needsInputGradient: true))
            XCTAssertEqual(
                dx1.values,
                AdaptiveAvgPool2DKernels.backwardNaive(
                    dy: dy.values, planes: planes,
                    input: input, output: output))
            let y2 = layer.forward(x, ForwardContext(training: true, threads: 2))
            let dx2 = layer.backward(dy, ForwardContext(training: true, threads: 2), needsInputGradient: true)
            XCTAssertEqual(y2, y1)
            XCTAssertEqual(dx2, dx1)
            XCTAssertNil(layer.backward(dy, ForwardContext(training: true), needsInputGradient: false))
        }
    }

    func testGradients() {
        checkGradients(AdaptiveAvgPool2D(6), input: randomTensor([2, 2, 3, 3], "g1"))
        checkGradients(AdaptiveAvgPool2D(7), input: randomTensor([1, 2, 4, 4], "g2"))
        checkGradients(AdaptiveAvgPool2D(output: (3, 4)), input: randomTensor([2, 1, 5, 7], "g3"))
    }

    func testMetadataNamesTheReference() {
        XCTAssertEqual(Self.golden.header.metadata["generator"], "scripts/golden/nn/adaptive_pool.py")
        XCTAssertNotNil(Self.golden.header.metadata["torch"])
    }

    func testMatchesPyTorch() throws {
        for name in [
            "alexnet_3x3_to_6x6", "vgg_4x4_to_7x7", "shrink_5x7_to_3x4", "shrink_10x6_to_4x4",
            "mixed_2x9_to_5x2",
        ] {
            let size = try tensor("\(name).output_size").values.map { Int($0) }
            let layer = AdaptiveAvgPool2D(output: (size[0], size[1]))
            let x = try tensor("\(name).x"), dy = try tensor("\(name).dy"), expected = try tensor("\(name).y")
            let context = ForwardContext(training: true)
            let y = layer.forward(x, context)
            XCTAssertEqual(y.shape, expected.shape, name)
            // The same float32 sums in the same order, divided as PyTorch divides: 1e-6 is slack, not need.
            assertClose(y.values, expected.values, tolerance: 1e-6, "\(name): y")
            let dx = try XCTUnwrap(layer.backward(dy, context, needsInputGradient: true))
            assertClose(dx.values, try tensor("\(name).dx").values, tolerance: 1e-6, "\(name): dx")
        }
    }
}
