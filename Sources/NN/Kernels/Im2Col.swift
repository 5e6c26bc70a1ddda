// ----------------------------------------------------------------------------
// im2col / col2im: unfold one sample's receptive fields into the columns of a matrix, and fold
// them back, so that a convolution becomes a matrix product (Chellapilla et al. 2006, "High
// performance convolutional neural networks for document processing"; Caffe's im2col_cpu).

/// Unfolds one sample into its column matrix: `columns[row, p]` is the input value that output
/// position p sees through kernel tap `row`.
///
/// - image: one sample, `[inChannels, height, width]` of `geometry`.
/// - columns: `[inChannels × kernelHeight × kernelWidth, outputPlane]`, row-major with `rowStride`
///   floats between rows (`rowStride` ≥ outputPlane, so several samples can sit side by side in
///   one wide matrix). Row `(c × kernelHeight + i) × kernelWidth + j` holds channel c's tap (i, j);
///   column `oh × outputWidth + ow` is output position (oh, ow), which reads the input at
///   (oh × strideHeight − padTop + i, ow × strideWidth − padLeft + j), or 0 in the padding.
///   Group g's rows are the contiguous block `[g × patchSize, (g + 1) × patchSize)`.
///
/// With `kernelRows`, only those kernel rows are written, numbered c × kernelHeight + i for
/// channel c's row i (the column-matrix rows `[(c × kernelHeight + i) × kernelWidth, … +
/// kernelWidth)`), so threads can split one sample even with one channel; otherwise every
/// element of the `outputPlane` columns of each row is written.
public func im2col(
    _ image: UnsafePointer<Float>, _ geometry: Conv2DGeometry,
    columns: UnsafeMutablePointer<Float>, rowStride: Int, kernelRows: Range<Int>? = nil
) {
    let g = geometry
    let (outH, outW) = (g.outputHeight, g.outputWidth)
    let kernelRows = kernelRows ?? 0..<(g.inChannels * g.kernelHeight)
    var row = columns + kernelRows.lowerBound * g.kernelWidth * rowStride
    for kernelRow in kernelRows {
        let (c, i) = kernelRow.quotientAndRemainder(dividingBy: g.kernelHeight)
        let plane = image + c * g.inputPlane
        for j in 0..<g.kernelWidth {
            // The output columns whose input column lies inside the image: ow in [first, end).
            let (first, end) = im2colValidRange(
                offset: j - g.padLeft, stride: g.strideWidth, size: g.width,
                count: outW)
            if g.strideHeight == 1 && g.strideWidth == 1 && outW == g.width {
                unfoldShifted(plane, g, tap: (i, j), columns: (first, end), row: row)
                row += rowStride
                continue
            }
            // Rows are short (often 8 to 64 floats), so plain loops, which the compiler
            // vectorises inline, beat calls to memcpy/memset here.
            for oh in 0..<outH {
                let out = row + oh * outW
                let ih = oh * g.strideHeight - g.padTop + i
                guard ih >= 0 && ih < g.height else {
                    for ow in 0..<outW { out[ow] = 0 }
                    continue
                }
                for ow in 0..<first { out[ow] = 0 }
                let source = plane + ih * g.width + j - g.padLeft
                if g.strideWidth == 1 {
                    for ow in first..<end { out[ow] = source[ow] }
                } else {
                    let s = g.strideWidth
                    for ow in first..<end { out[ow] = source[ow * s] }
                }
                for ow in end..<outW { out[ow] = 0 }
            }
            row += rowStride
        }
    }
}

/// One row of `im2col` for stride 1 when output rows are as wide as input rows ('same' padding
/// across the width): the row is then the input plane shifted by (i − padTop)·W + (j − padLeft),
/// so it is copied in one long run and only the cells that fall in the padding (or wrap into the
/// neighbouring input row) are zeroed afterwards. Rows are often only 8 to 32 floats, so this
/// is much faster than copying row by row.
@inline(__always)
private func unfoldShifted(
    _ plane: UnsafePointer<Float>, _ g: Conv2DGeometry, tap: (i: Int, j: Int), columns: (first: Int, end: Int),
    row: UnsafeMutablePointer<Float>
) {
    let width = g.width
    let (first, end) = columns
    let (rowFirst, rowEnd) = im2colValidRange(
        offset: tap.i - g.padTop, stride: 1, size: g.height,
        count: g.outputHeight)
    let shift = (tap.i - g.padTop) * width + tap.j - g.padLeft
    let (start, stop) = (rowFirst * width, rowEnd * width)
    // Keep the reads inside the plane; whatever is skipped at either end lies in the padding.
    let (low, high) = (max(start, -shift), min(stop, g.inputPlane - shift))
    for p in 0..<low { row[p] = 0 }
    if low < high {
        let source = plane + shift
        for p in low..<high { row[p] = source[p] }
    }
    for p in max(low, high)..<g.outputPlane { row[p] = 0 }
    if first > 0 || end < width {
        for oh in rowFirst..<rowEnd {
            let out = row + oh * width
            for ow in 0..<first { out[ow] = 0 }
            for ow in end..<width { out[ow] = 0 }
        }
    }
}

/// Folds a column matrix back onto one sample, summing what overlapping taps contribute: the
/// adjoint of `im2col`, which turns dL/dcolumns into dL/dimage.
///
/// - columns: `[inChannels × kernelHeight × kernelWidth, outputPlane]` with `rowStride`, laid out
///   as `im2col` writes it.
/// - image: one sample, `[inChannels, height, width]`, **overwritten** (only `channels`, when
///   given): cells no tap reads (those a stride skips) become 0, and values that fell in the
///   padding are dropped.
///
/// Each channel's taps are summed in row order, so the result does not depend on how samples and
/// channels are spread over threads.
public func col2im(
    _ columns: UnsafePointer<Float>, rowStride: Int, _ geometry: Conv2DGeometry,
    image: UnsafeMutablePointer<Float>, channels: Range<Int>? = nil
) {
    let g = geometry
    let (outH, outW) = (g.outputHeight, g.outputWidth)
    let channels = channels ?? 0..<g.inChannels
    (image + channels.lowerBound * g.inputPlane).update(repeating: 0, count: channels.count * g.inputPlane)
    var row = columns + channels.lowerBound * g.kernelHeight * g.kernelWidth * rowStride
    for c in channels {
        let plane = image + c * g.inputPlane
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let (first, end) = im2colValidRange(
                    offset: j - g.padLeft, stride: g.strideWidth, size: g.width,
                    count: outW)
                for oh in 0..<outH {
                    let ih = oh * g.strideHeight - g.padTop + i
                    guard ih >= 0 && ih < g.height && first < end else { continue }
                    let source = row + oh * outW
                    let target = plane + ih * g.width + j - g.padLeft
                    let s = g.strideWidth
                    if s == 1 {
                        // A separate loop the compiler can vectorise: unit stride on both sides.
                        for ow in first..<end { target[ow] += source[ow] }
                    } else {
                        for ow in first..<end { target[ow * s] += source[ow] }
                    }
                }
                row += rowStride
            }
        }
    }
}

/// The outputs o in `[first, end)` ⊆ `[0, count)` whose input index `o × stride + offset` lies in
/// `[0, size)`. Empty ranges come back as `first == end`.
@inline(__always)
func im2colValidRange(offset: Int, stride: Int, size: Int, count: Int) -> (first: Int, end: Int) {
    // first: the smallest o with o·stride + offset ≥ 0; end: one past the largest with < size.
    let first = offset >= 0 ? 0 : min(count, (-offset + stride - 1) / stride)
    let last = size - 1 - offset
    let end = last < 0 ? 0 : min(count, last / stride + 1)
    return (first, max(first, end))
}
