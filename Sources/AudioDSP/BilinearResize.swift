import FeatureSettings
import MelshardCore

/// Bilinear resampling of a matrix, equal to
/// `torch.nn.functional.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)`
/// (no antialiasing), which OpenCV's `INTER_LINEAR` also follows.
///
/// Each output index maps to the source at `max((dst + 0.5)·in/out − 0.5, 0)`, and the two
/// nearest source samples are blended on each axis. The weights and the blend are float32 values
/// rounded as in PyTorch's CPU kernel: weights computed in plain double or plain float precision
/// come out up to one float ulp of the source index away (1.5e-5 at index 255), which moves dB
/// values by up to 1.6e-3 on wide inputs.
public enum BilinearResize {
    public static func resize(_ matrix: FeatureMatrix, to size: ImageSize) -> FeatureMatrix {
        let rows = axis(from: matrix.rows, to: size.height)
        let columns = axis(from: matrix.columns, to: size.width)
        let inColumns = matrix.columns, width = size.width
        // Two passes with the same arithmetic, so the same bits as `resizeReference`: across each
        // source row that an output row reads (`top` and `bottom` of the reference are these
        // rows' blends), then down, four columns at a time. The reference blends two source rows
        // across for every output row, twice the work, one value at a time.
        var needed = [Bool](repeating: false, count: matrix.rows)
        for row in rows {
            needed[row.lower] = true
            needed[row.upper] = true
        }
        var across = [Float](repeating: 0, count: matrix.rows * width)
        var result = FeatureMatrix(rows: size.height, columns: size.width)
        matrix.values.withUnsafeBufferPointer { x in
            across.withUnsafeMutableBufferPointer { across in
                for source in 0..<matrix.rows where needed[source] {
                    let row = x.baseAddress! + source * inColumns, target = across.baseAddress! + source * width
                    for (c, column) in columns.enumerated() {
                        target[c] = column.lowerWeight * row[column.lower] + column.upperWeight * row[column.upper]
                    }
                }
                result.values.withUnsafeMutableBufferPointer { out in
                    for (r, row) in rows.enumerated() {
                        blend(
                            across.baseAddress! + row.lower * width, row.lowerWeight,
                            across.baseAddress! + row.upper * width, row.upperWeight,
                            into: out.baseAddress! + r * width, count: width)
                    }
                }
            }
        }
        return result
    }

    /// `target[c] = lowerWeight · lower[c] + upperWeight · upper[c]`, four at a time (two
    /// products and a sum, never fused, as in the scalar form).
    @inline(__always)
    private static func blend(
        _ lower: UnsafePointer<Float>, _ lowerWeight: Float, _ upper: UnsafePointer<Float>, _ upperWeight: Float,
        into target: UnsafeMutablePointer<Float>, count: Int
    ) {
        var c = 0
        let (l, u) = (SIMD4<Float>(repeating: lowerWeight), SIMD4<Float>(repeating: upperWeight))
        while c &+ 4 <= count {
            let a = UnsafeRawPointer(lower + c).loadUnaligned(as: SIMD4<Float>.self)
            let b = UnsafeRawPointer(upper + c).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(target + c).storeBytes(of: l * a + u * b, as: SIMD4<Float>.self)
            c &+= 4
        }
        while c < count {
            target[c] = lowerWeight * lower[c] + upperWeight * upper[c]
            c &+= 1
        }
    }

    /// The resize one output value at a time, as PyTorch's kernel writes it: the naive
    /// reference that `resize` equals bit for bit (`BilinearResizeTests`).
    static func resizeReference(_ matrix: FeatureMatrix, to size: ImageSize) -> FeatureMatrix {
        let rows = axis(from: matrix.rows, to: size.height)
        let columns = axis(from: matrix.columns, to: size.width)
        var result = FeatureMatrix(rows: size.height, columns: size.width)
        for (r, row) in rows.enumerated() {
            for (c, column) in columns.enumerated() {
                let x = { (i: Int, j: Int) in matrix.values[i * matrix.columns + j] }
                let top =
                    column.lowerWeight * x(row.lower, column.lower) + column.upperWeight * x(row.lower, column.upper)
                let bottom =
                    column.lowerWeight * x(row.upper, column.lower) + column.upperWeight * x(row.upper, column.upper)
                result.values[r * size.width + c] = row.lowerWeight * top + row.upperWeight * bottom
            }
        }
        return result
    }

    /// For each output index: the two source indices and their weights. Public because the
    /// metamers' differentiable resize (`Evaluate`) must use exactly these weights.
    public static func axis(
        from input: Int, to output: Int
    ) -> [(lower: Int, upper: Int, lowerWeight: Float, upperWeight: Float)] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { dst in
            // PyTorch's vectorised kernel evaluates this with a fused multiply-add: one rounding,
            // which the double-precision product of two floats reproduces exactly.
            let src = max(Float(Double(scale) * (Double(dst) + 0.5) - 0.5), 0)
            let lower = min(Int(src), input - 1)
            let upperWeight = min(max(src - Float(lower), 0), 1)
            return (lower, min(lower + 1, input - 1), 1 - upperWeight, upperWeight)
        }
    }
}
