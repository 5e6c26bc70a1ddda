import AudioDSP
import FeatureSettings

/// The build's bilinear resize (`AudioDSP.BilinearResize`: PyTorch's `interpolate`, bilinear,
/// `align_corners=False`, no antialiasing) as a linear map in float64 with its transpose.
///
/// Every output value is a blend of at most four inputs with the same float32 weights the
/// build's resize uses (computed here by the same formula), so the forward equals the build's
/// float32 resize within float32 rounding, and the backward is exactly the transpose of the
/// forward: ∂x[i] = Σ over outputs o that read i of weight(o, i) · ∂y[o].
///
/// Layouts: input `[rows × columns]`, output `[height × width]`, row-major.
struct DifferentiableResize: Sendable {
    let rows: Int
    let columns: Int
    let size: ImageSize
    private let rowAxis: [(lower: Int, upper: Int, lowerWeight: Double, upperWeight: Double)]
    private let columnAxis: [(lower: Int, upper: Int, lowerWeight: Double, upperWeight: Double)]

    init(rows: Int, columns: Int, to size: ImageSize) {
        (self.rows, self.columns, self.size) = (rows, columns, size)
        rowAxis = Self.axis(from: rows, to: size.height)
        columnAxis = Self.axis(from: columns, to: size.width)
    }

    func forward(_ x: [Double]) -> [Double] {
        precondition(x.count == rows * columns, "resize input must be rows × columns")
        var y = [Double](repeating: 0, count: size.height * size.width)
        for (r, row) in rowAxis.enumerated() {
            for (c, column) in columnAxis.enumerated() {
                let top =
                    column.lowerWeight * x[row.lower * columns + column.lower]
                    + column.upperWeight * x[row.lower * columns + column.upper]
                let bottom =
                    column.lowerWeight * x[row.upper * columns + column.lower]
                    + column.upperWeight * x[row.upper * columns + column.upper]
                y[r * size.width + c] = row.lowerWeight * top + row.upperWeight * bottom
            }
        }
        return y
    }

    /// The transpose: ∂L/∂x `[rows × columns]` for ∂L/∂y `[height × width]`.
    func backward(_ dy: [Double]) -> [Double] {
        precondition(dy.count == size.height * size.width, "resize gradient must be height × width")
        var dx = [Double](repeating: 0, count: rows * columns)
        for (r, row) in rowAxis.enumerated() {
            for (c, column) in columnAxis.enumerated() {
                let g = dy[r * size.width + c]
                dx[row.lower * columns + column.lower] += row.lowerWeight * column.lowerWeight * g
                dx[row.lower * columns + column.upper] += row.lowerWeight * column.upperWeight * g
                dx[row.upper * columns + column.lower] += row.upperWeight * column.lowerWeight * g
                dx[row.upper * columns + column.upper] += row.upperWeight * column.upperWeight * g
            }
        }
        return dx
    }

    /// `BilinearResize.axis`'s float32 weights, widened to float64.
    private static func axis(
        from input: Int, to output: Int
    ) -> [(lower: Int, upper: Int, lowerWeight: Double, upperWeight: Double)] {
        BilinearResize.axis(from: input, to: output).map {
            ($0.lower, $0.upper, Double($0.lowerWeight), Double($0.upperWeight))
        }
    }
}
