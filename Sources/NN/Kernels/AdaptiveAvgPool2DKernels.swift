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

    /// The fast path: window bounds computed once per axis, raw pointers, planes in parallel.
    public static func forward(
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int,
        input: (height: Int, width: Int), output: (height: Int, width: Int), threads: Int
    ) {
        let (h, w) = input
        let (oh, ow) = output
        let rows = windows(outputSize: oh, inputSize: h), columns = windows(outputSize: ow, inputSize: w)
        let group = planeGroup(input: input, output: output)
        let groups = (planes + group - 1) / group
        rows.withUnsafeBufferPointer { rb in
            columns.withUnsafeBufferPointer { cb in
                Parallel.forEach(groups, threads: threads) { g in
                    for plane in (g * group)..<min(planes, g * group + group) {
                        let xp = x + plane * h * w
                        var yp = y + plane * oh * ow
                        for i in 0..<oh {
                            let r = rb[i]
                            let kh = Float(r.count)
                            for j in 0..<ow {
                                let c = cb[j]
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
            }
        }
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
                let h0 = Int((Double(i * h) / Double(oh)).rounded(.down))
                let h1 = Int((Double((i + 1) * h) / Double(oh)).rounded(.up))
                for j in 0..<ow {
                    let w0 = Int((Double(j * w) / Double(ow)).rounded(.down))
                    let w1 = Int((Double((j + 1) * w) / Double(ow)).rounded(.up))
                    var sum: Float = 0
                    for ih in h0..<h1 {
                        for iw in w0..<w1 { sum += x[p * h * w + ih * w + iw] }
                    }
                    y[p * oh * ow + i * ow + j] = sum / Float(h1 - h0) / Float(w1 - w0)
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
        let (h, w) = input
        let (oh, ow) = output
        let rows = windows(outputSize: oh, inputSize: h), columns = windows(outputSize: ow, inputSize: w)
        let group = planeGroup(input: input, output: output)
        let groups = (planes + group - 1) / group
        rows.withUnsafeBufferPointer { rb in
            columns.withUnsafeBufferPointer { cb in
                Parallel.forEach(groups, threads: threads) { g in
                    for plane in (g * group)..<min(planes, g * group + group) {
                        let dxp = dx + plane * h * w
                        dxp.update(repeating: 0, count: h * w)
                        var dyp = dy + plane * oh * ow
                        for i in 0..<oh {
                            let r = rb[i]
                            let kh = Float(r.count)
                            for j in 0..<ow {
                                let c = cb[j]
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
                let h0 = Int((Double(i * h) / Double(oh)).rounded(.down))
                let h1 = Int((Double((i + 1) * h) / Double(oh)).rounded(.up))
                for j in 0..<ow {
                    let w0 = Int((Double(j * w) / Double(ow)).rounded(.down))
                    let w1 = Int((Double((j + 1) * w) / Double(ow)).rounded(.up))
                    let delta = dy[p * oh * ow + i * ow + j] / Float(h1 - h0) / Float(w1 - w0)
                    for ih in h0..<h1 {
                        for iw in w0..<w1 { dx[p * h * w + ih * w + iw] += delta }
                    }
                }
            }
        }
        return dx
    }
}
