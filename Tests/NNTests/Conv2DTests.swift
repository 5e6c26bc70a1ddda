import MelshardCore
import NN
import XCTest

/// What one convolution pass produced: y and, for a fixed dy, dx, dweight and dbias.
private struct ConvResults {
    var y: [Float]
    var dx: [Float]
    var dweight: [Float]
    var dbias: [Float]
}

/// Runs `conv2dForward`/`conv2dBackward` (fast) or the naive pair on seeded data for `g`.
private func runKernels(
    _ g: Conv2DGeometry, naive: Bool, scratch: Conv2DScratch = Conv2DScratch(), threads: Int = 1,
    reuseColumns: Bool = true
) -> ConvResults {
    let x = randomTensor(g.inputShape, "x").values
    let w = randomTensor(g.weightShape, "w").values
    let b = randomTensor([g.outChannels], "b").values
    let dy = randomTensor(g.outputShape, "dy").values
    var r = ConvResults(
        y: [Float](repeating: 0, count: g.outputCount), dx: [Float](repeating: 0, count: g.inputCount),
        dweight: [Float](repeating: 0, count: g.weightCount),
        dbias: [Float](repeating: 0, count: g.outChannels))
    x.withUnsafeBufferPointer { x in
        w.withUnsafeBufferPointer { w in
            b.withUnsafeBufferPointer { b in
                r.y.withUnsafeMutableBufferPointer { y in
                    if naive {
                        conv2dForwardNaive(
                            x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress, g,
                            y: y.baseAddress!)
                    } else {
                        conv2dForward(
                            x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress, g, y: y.baseAddress!,
                            scratch: scratch, threads: threads)
                    }
                }
            }
            dy.withUnsafeBufferPointer { dy in
                r.dx.withUnsafeMutableBufferPointer { dx in
                    r.dweight.withUnsafeMutableBufferPointer { dw in
                        r.dbias.withUnsafeMutableBufferPointer { db in
                            if naive {
                                conv2dBackwardNaive(
                                    dy.baseAddress!, x: x.baseAddress!, weight: w.baseAddress!, g,
                                    dx: dx.baseAddress!, dweight: dw.baseAddress!,
                                    dbias: db.baseAddress)
                            } else {
                                conv2dBackward(
                                    dy.baseAddress!, x: x.baseAddress!, weight: w.baseAddress!, g,
                                    dx: dx.baseAddress!, dweight: dw.baseAddress!, dbias: db.baseAddress,
                                    scratch: scratch, threads: threads, reuseColumns: reuseColumns)
                            }
                        }
                    }
                }
            }
        }
    }
    return r
}

final class Conv2DTests: XCTestCase {
    /// Odd, even and asymmetric kernels, strides, asymmetric padding, groups, one input channel.
    static let sweep: [Conv2DGeometry] = [
        .init(batch: 2, inChannels: 3, height: 9, width: 11, outChannels: 4, kernel: (3, 3), padding: (1, 1, 1, 1)),
        .init(
            batch: 3, inChannels: 4, height: 10, width: 12, outChannels: 6, groups: 2, kernel: (2, 4),
            padding: (0, 1, 1, 2)),
        .init(
            batch: 2, inChannels: 6, height: 13, width: 9, outChannels: 6, groups: 3, kernel: (5, 2),
            stride: (2, 3), padding: (2, 0, 2, 0)),
        .init(batch: 3, inChannels: 1, height: 12, width: 20, outChannels: 5, kernel: (4, 3)),
        .init(
            batch: 2, inChannels: 1, height: 12, width: 20, outChannels: 3, kernel: (3, 5), stride: (2, 1),
            padding: (1, 2, 1, 2)),
        .init(
            batch: 2, inChannels: 1, height: 12, width: 20, outChannels: 3, kernel: (3, 5), stride: (1, 2),
            padding: (1, 2, 1, 2)),
        .init(batch: 2, inChannels: 2, height: 7, width: 3, outChannels: 3, kernel: (7, 1)),
        .init(batch: 2, inChannels: 2, height: 1, width: 30, outChannels: 4, kernel: (1, 6)),
        .init(
            batch: 2, inChannels: 4, height: 5, width: 17, outChannels: 4, groups: 4, kernel: (1, 3),
            stride: (1, 2), padding: (0, 1, 0, 1)),
        .init(
            batch: 2, inChannels: 3, height: 11, width: 11, outChannels: 2, kernel: (11, 11), stride: (4, 4),
            padding: (2, 2, 2, 2)),
        .init(batch: 5, inChannels: 2, height: 6, width: 6, outChannels: 8, kernel: (1, 1)),
        .init(
            batch: 2, inChannels: 2, height: 5, width: 5, outChannels: 3, kernel: (3, 3), stride: (3, 3),
            padding: (0, 0, 2, 2)),
    ]

    func testFastPathMatchesNaiveReference() {
        for g in Self.sweep {
            let reference = runKernels(g, naive: true)
            // The default chunks, one sample per GEMM, chunks of 2 (an uneven last chunk for odd
            // batches) and the whole batch in one GEMM.
            let perSample = (g.inChannels * g.kernelHeight * g.kernelWidth + g.outChannels) * g.outputPlane * 4
            let scratches = [(64 << 20, 64), (1, 64), (2 * perSample, 1 << 30), (64 << 20, 1 << 30)]
            for (maxBytes, minimumColumns) in scratches {
                let scratch = Conv2DScratch(maxBytes: maxBytes, minimumColumns: minimumColumns)
                let fast = runKernels(g, naive: false, scratch: scratch)
                let what =
                    "\(g.inputShape) → \(g.outputShape) kernel \(g.kernelHeight)×\(g.kernelWidth), "
                    + "chunk \(scratch.chunk(for: g))"
                assertClose(fast.y, reference.y, tolerance: 1e-5, "y, \(what)")
                assertClose(fast.dx, reference.dx, tolerance: 1e-5, "dx, \(what)")
                assertClose(fast.dweight, reference.dweight, tolerance: 1e-5, "dweight, \(what)")
                assertClose(fast.dbias, reference.dbias, tolerance: 1e-5, "dbias, \(what)")
            }
        }
    }

    func testChunksAimForWideGEMMsWithinTheMemoryBound() {
        let small = Conv2DGeometry(
            batch: 64, inChannels: 8, height: 4, width: 4, outChannels: 8, kernel: (3, 3),
            padding: (1, 1, 1, 1))
        XCTAssertEqual(Conv2DScratch().chunk(for: small), 4, "4 samples × 16 positions = 64 columns")
        XCTAssertEqual(Conv2DScratch().chunk(for: small.with(batch: 3)), 3)
        XCTAssertEqual(Conv2DScratch(minimumColumns: 256).chunk(for: small), 16)
        let large = Conv2DGeometry(
            batch: 16, inChannels: 64, height: 128, width: 128, outChannels: 64,
            kernel: (3, 3), padding: (1, 1, 1, 1))
        XCTAssertEqual(Conv2DScratch().chunk(for: large), 1)
        // (72 + 8) × 16 floats per sample: 5120 bytes, so 2 samples fit in 11 000 bytes.
        XCTAssertEqual(Conv2DScratch(maxBytes: 11_000).chunk(for: small), 2)
        XCTAssertEqual(Conv2DScratch(maxBytes: 1).chunk(for: small), 1)
        XCTAssertEqual(Conv2DScratch(minimumColumns: 10_000).chunk(for: small), 64)
    }

    func testBackwardWithoutHeldColumnsMatches() {
        for g in Self.sweep {
            let reused = runKernels(g, naive: false)
            let unfolded = runKernels(g, naive: false, reuseColumns: false)
            XCTAssertEqual(reused.dweight, unfolded.dweight, "\(g.inputShape)")
            XCTAssertEqual(reused.dx, unfolded.dx, "\(g.inputShape)")
        }
    }

    func testResultsDoNotDependOnThreads() {
        for g in Self.sweep {
            for minimumColumns in [64, 1 << 30] {
                let scratch = { Conv2DScratch(minimumColumns: minimumColumns) }
                let one = runKernels(g, naive: false, scratch: scratch(), threads: 1)
                let two = runKernels(g, naive: false, scratch: scratch(), threads: 2)
                let three = runKernels(g, naive: false, scratch: scratch(), threads: 3)
                for other in [two, three] {
                    XCTAssertEqual(one.y, other.y, "\(g.inputShape)")
                    XCTAssertEqual(one.dx, other.dx, "\(g.inputShape)")
                    XCTAssertEqual(one.dweight, other.dweight, "\(g.inputShape)")
                    XCTAssertEqual(one.dbias, other.dbias, "\(g.inputShape)")
                }
            }
        }
    }

    func testIm2colThenCol2imCountsOverlaps() {
        // col2im(im2col(x)) multiplies each input cell by the number of taps that read it.
        let g = Conv2DGeometry(
            batch: 1, inChannels: 2, height: 5, width: 6, outChannels: 1, kernel: (3, 2),
            stride: (2, 1), padding: (1, 0, 1, 1))
        let x = randomTensor(g.inputShape, "x").values
        let rows = g.inChannels * g.kernelHeight * g.kernelWidth
        var columns = [Float](repeating: .nan, count: rows * g.outputPlane)
        var back = [Float](repeating: .nan, count: g.inputCount)
        x.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer {
                im2col(x.baseAddress!, g, columns: $0.baseAddress!, rowStride: g.outputPlane)
            }
        }
        XCTAssertFalse(columns.contains { $0.isNaN }, "im2col writes every element")
        var byRows = [Float](repeating: .nan, count: columns.count)
        x.withUnsafeBufferPointer { x in
            byRows.withUnsafeMutableBufferPointer { c in
                for r in (0..<(g.inChannels * g.kernelHeight)).reversed() {
                    im2col(
                        x.baseAddress!, g, columns: c.baseAddress!, rowStride: g.outputPlane,
                        kernelRows: r..<(r + 1))
                }
            }
        }
        XCTAssertEqual(byRows, columns, "kernel rows written one at a time")
        columns.withUnsafeBufferPointer { c in
            back.withUnsafeMutableBufferPointer {
                col2im(c.baseAddress!, rowStride: g.outputPlane, g, image: $0.baseAddress!)
            }
        }
        var byChannels = [Float](repeating: .nan, count: g.inputCount)
        columns.withUnsafeBufferPointer { c in
            byChannels.withUnsafeMutableBufferPointer { image in
                for channel in 0..<g.inChannels {
                    col2im(
                        c.baseAddress!, rowStride: g.outputPlane, g, image: image.baseAddress!,
                        channels: channel..<(channel + 1))
                }
            }
        }
        XCTAssertEqual(byChannels, back, "channels folded one at a time")
        for c in 0..<g.inChannels {
            for h in 0..<g.height {
                for w in 0..<g.width {
                    var taps = 0
                    for oh in 0..<g.outputHeight {
                        for ow in 0..<g.outputWidth {
                            let i = h - (oh * g.strideHeight - g.padTop), j = w - (ow * g.strideWidth - g.padLeft)
                            if i >= 0 && i < g.kernelHeight && j >= 0 && j < g.kernelWidth { taps += 1 }
                        }
                    }
                    let index = (c * g.height + h) * g.width + w
                    XCTAssertEqual(back[index], x[index] * Float(taps), accuracy: 1e-6, "cell \(c), \(h), \(w)")
                }
            }
        }
    }

    // MARK: The layer

    func testLayerGradientsAgainstFiniteDifferences() {
        var random = SeededRandom(seed: 1, stream: "conv2d")
        let layers: [(Conv2D, [Int])] = [
            (
                Conv2D(2, 3, kernel: (2, 3), stride: (1, 2), padding: .explicit(height: 1, width: 1), random: &random),
                [2, 2, 4, 5]
            ),
            (Conv2D(4, 2, kernel: (3, 2), padding: .same, groups: 2, random: &random), [1, 4, 4, 5]),
            (Conv2D(1, 2, kernel: (3, 2), stride: (2, 1), random: &random), [2, 1, 5, 4]),
            (Conv2D(2, 2, kernel: 3, stride: 2, padding: .valid, bias: false, random: &random), [1, 2, 5, 5]),
        ]
        for (layer, shape) in layers {
            checkGradients(layer, input: randomTensor(shape, "x"))
        }
    }

    func testSamePaddingFollowsPyTorch() throws {
        var random = SeededRandom(seed: 1, stream: "conv2d")
        let even = Conv2D(3, 4, kernel: (4, 2), padding: .same, random: &random)
        XCTAssertEqual(even.padAmounts.top, 1)
        XCTAssertEqual(even.padAmounts.bottom, 2)
        XCTAssertEqual(even.padAmounts.left, 0)
        XCTAssertEqual(even.padAmounts.right, 1)
        XCTAssertEqual(try even.outputShape(for: [2, 3, 7, 9]), [2, 4, 7, 9])
        let odd = Conv2D(3, 4, kernel: (5, 3), padding: .same, random: &random)
        XCTAssertEqual(try odd.outputShape(for: [2, 3, 7, 9]), [2, 4, 7, 9])
        XCTAssertEqual(
            try Conv2D(
                3, 4, kernel: (3, 5), stride: (2, 1), padding: .explicit(height: 1, width: 2),
                random: &random
            ).outputShape(for: [2, 3, 9, 11]), [2, 4, 5, 11])
    }

    func testShapeErrorsSayWhy() {
        var random = SeededRandom(seed: 1, stream: "conv2d")
        let layer = Conv2D(1, 32, kernel: (12, 8), random: &random)
        XCTAssertThrowsError(try layer.outputShape(for: [4, 1, 10, 80])) { error in
            XCTAssertEqual(
                "\(error)",
                "layer Conv2d(1, 32, kernel (12, 8), stride (1, 1)): input [4, 1, 10, 80]: "
                    + "padded input 10×80 is smaller than the kernel 12×8")
        }
        XCTAssertThrowsError(try layer.outputShape(for: [4, 3, 40, 80])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "expects 1 input channels, got 3")
        }
        XCTAssertThrowsError(try layer.outputShape(for: [4, 40, 80])) { error in
            XCTAssertEqual((error as? ShapeError)?.reason, "expects [N, C, H, W] (4 dimensions), got 3")
        }
        let padded = Conv2D(2, 2, kernel: 5, padding: .explicit(height: 1, width: 1), random: &random)
        XCTAssertEqual(try padded.outputShape(for: [1, 2, 3, 3]), [1, 2, 1, 1])
        XCTAssertThrowsError(try padded.outputShape(for: [1, 2, 2, 3]))
    }

    func testNoInputGradientStillFillsParameterGradients() {
        var random = SeededRandom(seed: 2, stream: "conv2d")
        for inChannels in [1, 3] {
            let layer = Conv2D(inChannels, 4, kernel: (3, 2), padding: .same, random: &random)
            let x = randomTensor([2, inChannels, 6, 7], "x")
            let context = ForwardContext(training: true)
            let dy = randomTensor([2, 4, 6, 7], "dy")
            _ = layer.forward(x, context)
            XCTAssertNotNil(layer.backward(dy, context, needsInputGradient: true))
            let withInput = (layer.weight.gradient, layer.bias!.gradient)
            layer.weight.gradient.zero()
            layer.bias!.gradient.zero()
            _ = layer.forward(x, context)
            XCTAssertNil(layer.backward(dy, context, needsInputGradient: false))
            XCTAssertEqual(layer.weight.gradient, withInput.0)
            XCTAssertEqual(layer.bias!.gradient, withInput.1)
            XCTAssertTrue(layer.weight.gradient.values.contains { $0 != 0 })
        }
    }

    func testGradientsAccumulate() {
        var random = SeededRandom(seed: 3, stream: "conv2d")
        for inChannels in [1, 4] {
            let layer = Conv2D(inChannels, 4, kernel: (2, 3), groups: inChannels == 4 ? 2 : 1, random: &random)
            let x = randomTensor([3, inChannels, 5, 6], "x")
            let dy = randomTensor([3, 4, 4, 4], "dy")
            let context = ForwardContext(training: true)
            _ = layer.forward(x, context)
            let dx1 = layer.backward(dy, context, needsInputGradient: true)
            let once = (layer.weight.gradient.values, layer.bias!.gradient.values)
            let dx2 = layer.backward(dy, context, needsInputGradient: true)
            XCTAssertEqual(dx1, dx2, "dx is not accumulated")
            assertClose(layer.weight.gradient.values, once.0.map { 2 * $0 }, tolerance: 1e-6, "dweight twice")
            assertClose(layer.bias!.gradient.values, once.1.map { 2 * $0 }, tolerance: 1e-6, "dbias twice")
        }
    }

    func testLayerMatchesNaiveKernelsAndIsThreadIndependent() {
        var random = SeededRandom(seed: 4, stream: "conv2d")
        let layer = Conv2D(
            4, 6, kernel: (3, 5), stride: (2, 1), padding: .explicit(height: 1, width: 2), groups: 2,
            random: &random)
        let x = randomTensor([3, 4, 9, 12], "x")
        let g = try! layer.geometry(for: x.shape)
        var outputs = [Tensor]()
        for threads in [1, 2] {
            outputs.append(layer.forward(x, ForwardContext(training: true, threads: threads)))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        var reference = [Float](repeating: 0, count: g.outputCount)
        x.values.withUnsafeBufferPointer { x in
            layer.weight.value.values.withUnsafeBufferPointer { w in
                layer.bias!.value.values.withUnsafeBufferPointer { b in
                    reference.withUnsafeMutableBufferPointer {
                        conv2dForwardNaive(
                            x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!, g,
                            y: $0.baseAddress!)
                    }
                }
            }
        }
        XCTAssertEqual(outputs[0].shape, [3, 6, 5, 12])
        assertClose(outputs[0].values, reference, tolerance: 1e-5, "y")
    }

    func testInitialisationFollowsPyTorchBounds() {
        var random = SeededRandom(seed: 5, stream: "conv2d")
        let layer = Conv2D(6, 8, kernel: (3, 4), groups: 2, random: &random)
        XCTAssertEqual(layer.weight.value.shape, [8, 3, 3, 4])
        XCTAssertEqual(layer.bias?.value.shape, [8])
        XCTAssertEqual(layer.namedParameters().map(\.name), ["weight", "bias"])
        let bound = 1 / Float(3 * 3 * 4).squareRoot()
        XCTAssertTrue(layer.bias!.value.values.allSatisfy { abs($0) <= bound })
        let weights = layer.weight.value.values
        XCTAssertTrue(weights.allSatisfy { abs($0) <= bound })
        // 288 uniform draws: both ends of the interval are reached closely.
        XCTAssertGreaterThan(weights.max()!, bound * 0.9)
        XCTAssertLessThan(weights.min()!, -bound * 0.9)
        var again = SeededRandom(seed: 5, stream: "conv2d")
        XCTAssertEqual(Conv2D(6, 8, kernel: (3, 4), groups: 2, random: &again).weight.value, layer.weight.value)
        let noBias = Conv2D(6, 8, kernel: (3, 4), bias: false, random: &again)
        XCTAssertEqual(noBias.namedParameters().map(\.name), ["weight"])
        XCTAssertEqual(layer.kind, "Conv2d(6, 8, kernel (3, 4), stride (1, 1), groups 2)")
    }
}
