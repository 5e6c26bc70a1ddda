/// Adaptive average pooling over `planes` independent `[H, W]` planes, forward and backward,
/// after PyTorch's `adaptive_avg_pool2d` CPU kernel (`aten/src/ATen/native/cpu/AdaptiveAvgPoolKernel.cpp`).
///
/// Layouts: `x` is `[planes, H, W]`, `y` is `[planes, OH, OW]`. Output row i averages input rows
/// `start(i) = ⌊i·H / OH⌋ ..< end(i) = ⌈(i+1)·H / OH⌉`, likewise for columns, so windows differ in
/// size and may overlap (4 → 7 gives windows of 1 and 2 rows), and an output larger than the
/// input repeats input elements (3 → 6 gives each row twice). Each window is summed in float32 in
/// row-major order and divided by its height, then by its width, as PyTorch does (`sum / kh / kw`,
/// which can differ from `sum / (kh·kw)` in the last bit).
public enum AdaptiveAvgPool2DKernels {
    /// The window of output index `i` of `outputSize` over an input axis of `inputSize`:
    /// `⌊i·in / out⌋ ..< ⌈(i+1)·in / out⌉`, in PyTorch's overflow-safe integer form.
    @inline(__always)
    public static func window(_ i: Int, outputSize: Int, inputSize: Int) -> Range<Int> {
        let start = (i / outputSize) * inputSize + ((i % outputSize) * inputSize) / outputSize
        let end = 1 + ((i + 1) * inputSize - 1) / outputSize
        return start..<end
    }

    /// Every window along one axis, computed once per forward.
    static func windows(outputSize: Int, inputSize: Int) -> [Range<Int>] {
        (0..<outputSize).map { window($0, outputSize: outputSize, inputSize: inputSize) }
    }

    /// How many planes one parallel task takes: about 4 K elements read and written, so that tiny
    /// planes (AlexNet's 3×3 maps, 16 K of them in a batch) give each thread real work.
    static func planeGroup(input: (height: Int, width: Int), output: (height: Int, width: Int)) -> Int {
        max(1, 4096 / max(1, input.height * input.width + output.height * output.width))
    }

    /// Runs `body(plane, rows, columns)` for every plane, with the windows of every output row
    /// and column computed once, `planeGroup` planes to a parallel task. A plane belongs to one
    /// task, so what `body` writes into its own plane does not depend on `threads`. The callers
    /// unpack their sizes inside `body`: unpacked outside it, the backward ran about 5 % slower.
    @inline(__always)
    private static func forEachPlane(
        planes: Int, input: (height: Int, width: Int), output: (height: Int, width: Int), threads: Int,
        _ body: (Int, UnsafeBufferPointer<Range<Int>>, UnsafeBufferPointer<Range<Int>>) -> Void
    ) {
        let rows = windows(outputSize: output.height, inputSize: input.height)
        let columns = windows(outputSize: output.width, inputSize: input.width)
        let group = planeGroup(input: input, output: output)
        let groups = (planes + group - 1) / group
        rows.withUnsafeBufferPointer { rb in
            columns.withUnsafeBufferPointer { cb in
                Parallel.forEach(groups, threads: threads) { g in
                    for plane in (g * group)..<min(planes, g * group + group) { body(plane, rb, cb) }
                }
            }
        }
    }

    /// The fast path: window bounds computed once per axis, raw pointers, planes in parallel.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int,
        input: (height: Int, width: Int), output: (height: Int, width: Int), threads: Int
    ) {
        forEachPlane(planes: planes, input: input, output: output, threads: threads) { plane, rows, columns in
            let (h, w) = input
            let (oh, ow) = output
            let xp = x + plane * h * w
            var yp = y + plane * oh * ow
            for r in rows {
                let kh = Float(r.count)
                for c in columns {
                    var sum: Float = 0
                    for ih in r {
                        let row = xp + ih * w
                        for iw in c { sum += row[iw] }
                    }
                    yp.pointee = sum / kh / Float(c.count)
                    yp += 1
                }
            }
        }
    }

    /// The window of output index `i` as PyTorch's documentation writes it, with floating-point
    /// floor and ceiling: the references' independent check of `window`.
    private static func naiveWindow(_ i: Int, outputSize: Int, inputSize: Int) -> Range<Int> {
        let start = Int((Double(i * inputSize) / Double(outputSize)).rounded(.down))
        let end = Int((Double((i + 1) * inputSize) / Double(outputSize)).rounded(.up))
        return start..<end
    }

    /// The reference: the window formulas written out as PyTorch's documentation gives them,
    /// with floating-point floor and ceiling, and every element indexed with bounds checks.
    public static func forwardNaive(
        x: [Float], planes: Int, input: (height: Int, width: Int), output: (height: Int, width: Int)
    ) -> [Float] {
        let (h, w) = input
        let (oh, ow) = output
        var y = [Float](repeating: 0, count: planes * oh * ow)
        for p in 0..<planes {
            for i in 0..<oh {
                let r = naiveWindow(i, outputSize: oh, inputSize: h)
                for j in 0..<ow {
                    let c = naiveWindow(j, outputSize: ow, inputSize: w)
                    var sum: Float = 0
                    for ih in r {
                        for iw in c { sum += x[p * h * w + ih * w + iw] }
                    }
                    y[p * oh * ow + i * ow + j] = sum / Float(r.count) / Float(c.count)
                }
            }
        }
        return y
    }

    /// dL/dx from dL/dy: `dx` (`[planes, H, W]`) is overwritten with zeros, then each
    /// dy / kh / kw is added over its window, in output order within a plane (as PyTorch, and
    /// independent of `threads`: a plane belongs to one thread).
    public static func backward(
        dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, planes: Int,
        input: (height: Int, width: Int), output: (height: Int, width: Int), threads: Int
    ) {
        forEachPlane(planes: planes, input: input, output: output, threads: threads) { plane, rows, columns in
            let (h, w) = input
            let (oh, ow) = output
            let dxp = dx + plane * h * w
            dxp.update(repeating: 0, count: h * w)
            var dyp = dy + plane * oh * ow
            for r in rows {
                let kh = Float(r.count)
                for c in columns {
                    let delta = dyp.pointee / kh / Float(c.count)
                    for ih in r {
                        let row = dxp + ih * w
                        for iw in c { row[iw] += delta }
                    }
                    dyp += 1
                }
            }
        }
    }

    /// The reference backward, with the floating-point window formulas and bounds checks.
    public static func backwardNaive(
        dy: [Float], planes: Int, input: (height: Int, width: Int), output: (height: Int, width: Int)
    ) -> [Float] {
        let (h, w) = input
        let (oh, ow) = output
        var dx = [Float](repeating: 0, count: planes * h * w)
        for p in 0..<planes {
            for i in 0..<oh {
                let r = naiveWindow(i, outputSize: oh, inputSize: h)
                for j in 0..<ow {
                    let c = naiveWindow(j, outputSize: ow, inputSize: w)
                    let delta = dy[p * oh * ow + i * ow + j] / Float(r.count) / Float(c.count)
                    for ih in r {
                        for iw in c { dx[p * h * w + ih * w + iw] += delta }
                    }
                }
            }
        }
        return dx
    }
}
