import NN

/// Bringing a map of a layer's resolution (`[h, w]`) to the spectrogram's (`[H, W]`), and to
/// [0, 1] for drawing or masking.
///
/// Upsampling is bilinear with PyTorch's `F.interpolate(size=(H, W), mode="bilinear",
/// align_corners=False)` convention (`BilinearKernels`): the map's cells are taken as covering
/// the whole spectrogram edge to edge, so cell (i, j)'s value sits at the centre of its
/// `H/h × W/w` block, and the border blocks' outer halves repeat the edge values. A valid
/// convolution's map covers a little less than the input (a 3 × 3 conv loses a frame on each
/// side); like Zhou et al. and every common CAM tool, no offset is applied for that.
public enum ActivationUpsampling {
    /// `plane` `[h, w]` resized to `[height, width]`, row-major.
    public static func bilinear(_ plane: [Float], from size: (Int, Int), to height: Int, _ width: Int) -> [Float] {
        precondition(plane.count == size.0 * size.1, "\(plane.count) values for \(size.0) × \(size.1)")
        let rows = BilinearTable(input: size.0, output: height)
        let columns = BilinearTable(input: size.1, output: width)
        var result = [Float](repeating: 0, count: height * width)
        plane.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                BilinearKernels.forward(
                    x: x.baseAddress!, y: y.baseAddress!, planes: 1, input: size, rows: rows, columns: columns,
                    threads: 1)
            }
        }
        return result
    }

    /// `(x − min) / (max − min)` over the whole map, in float64 rounded once; a constant map
    /// becomes all zeros (nothing stands out). Min-max, not division by the maximum, because a
    /// class map is signed: negative evidence is the low end, not clipped away.
    public static func normalised(_ values: [Float]) -> [Float] {
        guard let low = values.min(), let high = values.max(), high > low else {
            return [Float](repeating: 0, count: values.count)
        }
        let span = Double(high) - Double(low)
        return values.map { Float((Double($0) - Double(low)) / span) }
    }
}
