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
        var result = FeatureMatrix(rows: size.height, columns: size.width)
        let x = matrix.values
        let inColumns = matrix.columns
        for (r, row) in rows.enumerated() {
            for (c, column) in columns.enumerated() {
                let top = column.lowerWeight * x[row.lower * inColumns + column.lower]
                    + column.upperWeight * x[row.lower * inColumns + column.upper]
                let bottom = column.lowerWeight * x[row.upper * inColumns + column.lower]
                    + column.upperWeight * x[row.upper * inColumns + column.upper]
                result.values[r * size.width + c] = row.lowerWeight * top + row.upperWeight * bottom
            }
        }
        return result
    }

    /// For each output index: the two source indices and their weights.
    static func axis(from input: Int, to output: Int) -> [(lower: Int, upper: Int, lowerWeight: Float, upperWeight: Float)] {
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
