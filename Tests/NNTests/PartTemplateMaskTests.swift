import MelshardCore
import NN
import XCTest

/// `PartTemplateMask` (study 002's masked CNN): the template's geometry, shape checks and finite
/// differences; `LayersGoldenTests` compares it with PyTorch.
final class PartTemplateMaskTests: XCTestCase {
    /// On a square map, Zhang et al.'s template: 1 at the peak, 1 − β·d/n at L1 distance d, at
    /// least −1; on a rectangular one each axis is measured in its own length.
    func testTemplateGeometry() {
        let square = PartTemplateMask.template(height: 8, width: 8, peak: 3 * 8 + 4, beta: 4)
        XCTAssertEqual(square[3 * 8 + 4], 1)
        XCTAssertEqual(square[3 * 8 + 5], 1 - 4 * (1.0 / 8), accuracy: 1e-7)
        XCTAssertEqual(square[5 * 8 + 4], 1 - 4 * (2.0 / 8), accuracy: 1e-7)
        XCTAssertEqual(square[7 * 8 + 0], -1, "far corner clamped")
        let wide = PartTemplateMask.template(height: 4, width: 40, peak: 20, beta: 4)
        XCTAssertEqual(wide[25], 1 - 4 * (5.0 / 40), accuracy: 1e-7)
        XCTAssertEqual(wide[40 + 20], 1 - 4 * (1.0 / 4), accuracy: 1e-7)
    }

    /// Non-negative input (a ReLU's output): what survives lies within a quarter of the map
    /// around each plane's peak, and the peak passes unchanged.
    func testKeepsOnlyThePeaksNeighbourhood() {
        let mask = PartTemplateMask()
        let x = Tensor(shape: [1, 2, 8, 8], values: randomTensor([1, 2, 8, 8], "mask").values.map { abs($0) + 0.01 })
        let y = mask.forward(x, ForwardContext(training: true))
        for plane in 0..<2 {
            let values = Array(x.values[(plane * 64)..<(plane * 64 + 64)])
            let peak = values.indices.max { values[$0] < values[$1] } ?? 0
            XCTAssertEqual(y.values[plane * 64 + peak], values[peak])
            for i in 0..<64 {
                let distance = Double(abs(i / 8 - peak / 8) + abs(i % 8 - peak % 8)) / 8
                if distance >= 0.25 { XCTAssertEqual(y.values[plane * 64 + i], 0, "plane \(plane), \(i)") }
            }
        }
        XCTAssertThrowsError(try mask.outputShape(for: [2, 3, 4]))
        XCTAssertEqual(try mask.outputShape(for: [2, 3, 4, 5]), [2, 3, 4, 5])
    }

    func testGradients() {
        // Distinct values 1/210 apart, none within the checker's nudge of zero or of another:
        // no kink is crossed and no peak moves.
        let values = (0..<210).map { k in (Float((k * 37) % 210) + 0.5) / 210 - 0.5 }
        checkGradients(PartTemplateMask(), input: Tensor(shape: [2, 3, 5, 7], values: values), epsilon: 1e-3)
    }
}
