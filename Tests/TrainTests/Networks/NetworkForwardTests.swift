import Foundation
import MelshardCore
import NN
import Safetensors
import XCTest

@testable import Train

/// Study 004's Time and Frequency networks and study 002's CAM network on PyTorch's own weights
/// and batch: the forward pass, dL/dx and every parameter gradient against
/// `scripts/golden/nn/network_forward.py`'s `small_networks.safetensors` (a training-mode pass:
/// these networks have no dropout or batch norm).
final class NetworkForwardTests: XCTestCase {
    private static let file: SafetensorsFile = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("small_networks.safetensors")
        do { return try SafetensorsFile(path: url.path) } catch { fatalError("\(error)") }
    }()

    private func tensor(_ name: String) throws -> Tensor {
        let entry = try XCTUnwrap(Self.file.header.entry(name), "no \(name) in small_networks.safetensors")
        return Tensor(shape: entry.shape, values: try Self.file.floats(name))
    }

    func testMetadataNamesTheReference() {
        XCTAssertEqual(Self.file.header.metadata["generator"], "scripts/golden/nn/network_forward.py")
        XCTAssertNotNil(Self.file.header.metadata["torch"])
    }

    func testPonsTimeAndFrequencyMatchPyTorch() throws {
        try check("pons-time", input: [1, 40, 80], classes: 8, PonsTime.make)
        try check("pons-frequency", input: [1, 40, 80], classes: 8, PonsFrequency.make)
    }

    /// On [1, 40, 48] rather than GTZAN's [1, 128, 1292]: the same layers and tensors (the dense
    /// layer follows a global average pool), in a file a hundred times smaller.
    func testRenCAMMatchesPyTorch() throws {
        try check("ren-cam", input: [1, 40, 48], classes: 10, RenCAMCNN.make)
    }

    /// Loads `name`'s PyTorch weights into the network `make` builds, runs the stored batch forward
    /// and backward in training mode, and compares y, dx and every parameter gradient.
    private func check(
        _ name: String, input: [Int], classes: Int,
        _ make: (_ inputShape: [Int], _ classes: Int, _ random: inout SeededRandom) -> Network
    ) throws {
        var random = SeededRandom(seed: 0, stream: "init/" + name)
        let network = make(input, classes, &random)
        XCTAssertEqual(try tensor("\(name).x").shape, [2] + input, "\(name): the stored batch")
        for p in network.parameters {
            let loaded = try tensor("\(name).param.\(p.name)")
            XCTAssertEqual(loaded.shape, p.parameter.value.shape, "\(name): \(p.name)")
            p.parameter.value = loaded
        }
        let context = ForwardContext(training: true, seed: 1, step: 1)
        let y = network.forward(try tensor("\(name).x"), context)
        // Convolutions as im2col + GEMM in both, but with other blockings: sums differ in the last bits.
        assertClose(y.values, try tensor("\(name).y").values, tolerance: 1e-5, "\(name): y")
        network.zeroGradients()
        let dx = network.backwardToInput(try tensor("\(name).dy"), context)
        assertClose(dx.values, try tensor("\(name).dx").values, tolerance: 1e-5, "\(name): dx")
        for p in network.trainable {
            assertClose(
                p.parameter.gradient.values, try tensor("\(name).grad.\(p.name)").values,
                tolerance: 1e-5, "\(name): d\(p.name)")
        }
    }

    /// |a − b| ≤ tolerance · max(1, |b|) everywhere, reporting the worst element.
    private func assertClose(
        _ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, "\(what): count", file: file, line: line)
        let errors = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }
        let worst = errors.indices.max { errors[$0] < errors[$1] || errors[$1].isNaN } ?? 0
        XCTAssertTrue(
            errors.allSatisfy { $0 <= tolerance },
            "\(what): max relative difference "
                + "\(errors.isEmpty ? 0 : errors[worst]) at \(worst): got \(actual.prefix(4)), "
                + "expected \(expected.prefix(4))", file: file, line: line)
    }
}
