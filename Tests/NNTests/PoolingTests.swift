import MelshardCore
import NN
import XCTest

/// A tensor whose values are a seeded permutation of 0, 0.03, 0.06, …: spaced 0.03 apart, so
/// finite differences of ±1e-2 never change which element of a window is the largest, and max
/// pools have no kinks in the gradient check.
func distinctTensor(_ shape: [Int], _ name: String) -> Tensor {
    var random = SeededRandom(seed: 5, stream: name)
    var values = (0..<shape.reduce(1, *)).map { Float($0) * 0.03 }
    values.shuffle(using: &random)
    return Tensor(shape: shape, values: values)
}

final class PoolingTests: XCTestCase {
    // MARK: Max pooling

    func testMaxPoolShapesAndDefaultStride() throws {
        XCTAssertEqual(try MaxPool2D(kernel: (2, 4)).outputShape(for: [2, 3, 5, 9]), [2, 3, 2, 2])
        XCTAssertEqual(try MaxPool2D(kernel: (40, 1)).outputShape(for: [1, 8, 40, 80]), [1, 8, 1, 80])
        XCTAssertEqual(try MaxPool2D(kernel: (1, 80)).outputShape(for: [1, 8, 40, 80]), [1, 8, 40, 1])
        XCTAssertEqual(
            try MaxPool2D(kernel: (3, 4), stride: (2, 3), padding: (1, 2)).outputShape(for: [1, 1, 9, 13]),
            [1, 1, 5, 5])
        XCTAssertEqual(MaxPool2D(kernel: (2, 4)).kind, "MaxPool2d(kernel (2, 4), stride (2, 4))")
    }

    func testPoolKernelLargerThanInputThrowsNamingBothShapes() {
        for layer in [MaxPool2D(kernel: (40, 1)), AvgPool2D(kernel: (40, 1))] as [any Layer] {
            XCTAssertThrowsError(try layer.outputShape(for: [2, 1, 32, 80])) { error in
                let shapeError = error as? ShapeError
                XCTAssertEqual(shapeError?.input, [2, 1, 32, 80])
                XCTAssertTrue(shapeError?.reason.contains("kernel 40 × 1") == true, "\(error)")
                XCTAssertTrue(shapeError?.reason.contains("32 × 80") == true, "\(error)")
            }
        }
        XCTAssertThrowsError(try MaxPool2D(kernel: (2, 2)).outputShape(for: [2, 32, 80]))
    }

    func testMaxPoolFastPathMatchesNaiveAndThreads() throws {
        let cases: [((Int, Int), (Int, Int)?, (Int, Int), [Int])] = [
            ((2, 4), nil, (0, 0), [2, 3, 8, 12]), ((3, 4), nil, (0, 0), [2, 2, 9, 13]),
            ((4, 1), nil, (0, 0), [1, 3, 10, 7]), ((40, 1), nil, (0, 0), [1, 2, 40, 80]),
            ((1, 80), nil, (0, 0), [1, 2, 40, 80]), ((3, 4), (2, 3), (1, 2), [2, 2, 9, 13]),
            // Wide rows, so the eight-lane path runs, contiguous (stride 1) and strided, with edges.
            ((2, 2), nil, (0, 0), [1, 2, 6, 40]), ((3, 3), (2, 2), (1, 1), [1, 2, 7, 41]),
            ((2, 3), (1, 1), (1, 1), [1, 1, 5, 30]),
        ]
        for (kernel, stride, padding, shape) in cases {
            let layer = MaxPool2D(kernel: kernel, stride: stride, padding: padding)
            let x = randomTensor(shape, "maxpool \(shape)")
            let g = try Pool2DGeometry(
                kernel: kernel, stride: stride ?? kernel, padding: padding,
                input: (shape[2], shape[3]), kind: layer.kind, shape: shape)
            let planes = shape[0] * shape[1]
            let naive = MaxPool2DKernels.forwardNaive(x: x.values, planes: planes, geometry: g)
            let y1 = layer.forward(x, ForwardContext(training: true, threads: 1))
            XCTAssertEqual(y1.values, naive.y, layer.kind)
            let dy = randomTensor(y1.shape, "dy")
            let dx1 = try XCTUnwrap(layer.backward(dy, ForwardContext(training: true), needsInputGradient: true))
            XCTAssertEqual(
                dx1.values,
                MaxPool2DKernels.backwardNaive(
                    dy: dy.values, x: x.values, planes: planes,
                    geometry: g), layer.kind)
            let y2 = layer.forward(x, ForwardContext(training: true, threads: 2))
            let dx2 = layer.backward(dy, ForwardContext(training: true, threads: 2), needsInputGradient: true)
            XCTAssertEqual(y2, y1)
            XCTAssertEqual(dx2, dx1)
        }
    }

    func testMaxPoolTiesAndNaNsMatchTheReferenceInEveryPath() throws {
        for (kernel, step, padding, shape) in [
            ((2, 2), (2, 2), (0, 0), [1, 2, 6, 40]),
            ((3, 3), (2, 1), (1, 1), [1, 2, 7, 41]),
            ((1, 20), (1, 20), (0, 0), [1, 2, 30, 40]),
            ((2, 19), (1, 3), (1, 9), [1, 1, 5, 43]),
        ] {
            // Values on a coarse grid tie often; a few NaNs must win their windows.
            var x = randomTensor(shape, "ties").values.map { ($0 * 2).rounded() / 2 }
            for i in stride(from: 5, to: x.count, by: 37) { x[i] = .nan }
            let g = try Pool2DGeometry(
                kernel: kernel, stride: step, padding: padding, input: (shape[2], shape[3]),
                kind: "MaxPool2d", shape: shape)
            let planes = shape[0] * shape[1]
            var y = [Float](repeating: 0, count: planes * g.output.height * g.output.width)
            var argmax = [Int32](repeating: -1, count: y.count)
            MaxPool2DKernels.forward(x: x, y: &y, argmax: &argmax, planes: planes, geometry: g, threads: 1)
            let naive = MaxPool2DKernels.forwardNaive(x: x, planes: planes, geometry: g)
            XCTAssertEqual(argmax, naive.argmax, "\(kernel) \(step)")
            XCTAssertEqual(y.map(\.bitPattern), naive.y.map(\.bitPattern))
            XCTAssertTrue(y.contains { $0.isNaN })
        }
    }

    func testMaxPoolTiesSendTheGradientToTheFirstMaximum() throws {
        let layer = MaxPool2D(kernel: (2, 2))
        let x = Tensor(shape: [1, 1, 2, 4], values: [3, 3, 1, 2, 3, 3, 2, 0])
        XCTAssertEqual(layer.forward(x, ForwardContext(training: true)).values, [3, 2])
        let dy = Tensor(shape: [1, 1, 1, 2], values: [1, 5])
        let dx = try XCTUnwrap(
            layer.backward(
                dy, ForwardContext(training: true),
                needsInputGradient: true))
        XCTAssertEqual(dx.values, [1, 0, 0, 5, 0, 0, 0, 0])
    }

    func testMaxPoolPaddingIsNeverChosen() {
        let layer = MaxPool2D(kernel: (2, 2), stride: (2, 2), padding: (1, 1))
        let x = Tensor(shape: [1, 1, 2, 2], values: [-4, -3, -2, -1])
        XCTAssertEqual(layer.forward(x, ForwardContext(training: false)).values, [-4, -3, -2, -1])
    }

    func testMaxPoolGradients() {
        checkGradients(MaxPool2D(kernel: (2, 3)), input: distinctTensor([2, 2, 4, 6], "a"))
        checkGradients(
            MaxPool2D(kernel: (3, 2), stride: (2, 1), padding: (1, 1)),
            input: distinctTensor([1, 2, 5, 4], "b"))
    }

    // MARK: Average pooling

    func testAvgPoolCountsPaddingAsZeros() {
        let layer = AvgPool2D(kernel: (2, 2), stride: (1, 1), padding: (1, 1))
        let y = layer.forward(Tensor(shape: [1, 1, 2, 2], repeating: 1), ForwardContext(training: false))
        XCTAssertEqual(y.shape, [1, 1, 3, 3])
        XCTAssertEqual(y.values, [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
    }

    func testAvgPoolFastPathMatchesNaiveAndThreads() throws {
        for (kernel, stride, padding, shape) in [
            ((2, 4), (2, 4), (0, 0), [2, 3, 8, 12]),
            ((3, 2), (2, 1), (1, 1), [2, 2, 7, 5]),
        ] {
            let layer = AvgPool2D(kernel: kernel, stride: stride, padding: padding)
            let x = randomTensor(shape, "avgpool")
            let g = try Pool2DGeometry(
                kernel: kernel, stride: stride, padding: padding, input: (shape[2], shape[3]),
                kind: layer.kind, shape: shape)
            let y = layer.forward(x, ForwardContext(training: true))
            let planes = shape[0] * shape[1]
            XCTAssertEqual(y.values, AvgPool2DKernels.forwardNaive(x: x.values, planes: planes, geometry: g))
            let dy = randomTensor(y.shape, "dy")
            let dx = try XCTUnwrap(layer.backward(dy, ForwardContext(training: true), needsInputGradient: true))
            assertClose(
                dx.values, AvgPool2DKernels.backwardNaive(dy: dy.values, planes: planes, geometry: g),
                tolerance: 1e-6, "avgpool dx")
            XCTAssertEqual(layer.forward(x, ForwardContext(training: true, threads: 2)), y)
            XCTAssertEqual(layer.backward(dy, ForwardContext(training: true, threads: 2), needsInputGradient: true), dx)
        }
    }

    func testAvgPoolGradients() {
        checkGradients(
            AvgPool2D(kernel: (3, 2), stride: (2, 1), padding: (1, 1)),
            input: randomTensor([2, 2, 5, 4], "x"))
    }

    // MARK: Global average pooling

    func testGlobalAveragePool() throws {
        let layer = GlobalAveragePool()
        XCTAssertEqual(try layer.outputShape(for: [4, 16, 5, 7]), [4, 16, 1, 1])
        let x = randomTensor([2, 3, 5, 7], "gap")
        let y = layer.forward(x, ForwardContext(training: true))
        XCTAssertEqual(y.values, GlobalAveragePool.forwardNaive(x: x.values, planes: 6, size: 35))
        XCTAssertEqual(try Sequential([GlobalAveragePool(), Flatten()]).outputShape(for: [4, 16, 5, 7]), [4, 16])
        checkGradients(layer, input: x)
    }

    // MARK: Bilinear resize

    func testBilinearFastPathMatchesNaive() throws {
        for (input, output) in [((5, 7), (12, 16)), ((13, 11), (4, 6)), ((40, 80), (32, 32)), ((1, 3), (2, 9))] {
            let layer = BilinearResize(height: output.0, width: output.1)
            let x = randomTensor([2, 2, input.0, input.1], "bilinear")
            let y = layer.forward(x, ForwardContext(training: true))
            assertClose(
                y.values, BilinearKernels.forwardNaive(x: x.values, planes: 4, input: input, output: output),
                tolerance: 1e-6, "bilinear y \(input) → \(output)")
            let dy = randomTensor(y.shape, "dy")
            let dx = try XCTUnwrap(layer.backward(dy, ForwardContext(training: true), needsInputGradient: true))
            let reference = BilinearKernels.backwardNaive(dy: dy.values, planes: 4, input: input, output: output)
            assertClose(
                dx.values, reference,
                tolerance: 1e-5, "bilinear dx \(input) → \(output)")
            XCTAssertEqual(layer.forward(x, ForwardContext(training: true, threads: 2)), y)
            XCTAssertEqual(layer.backward(dy, ForwardContext(training: true, threads: 2), needsInputGradient: true), dx)
        }
    }

    func testBilinearToTheSameSizeIsTheIdentity() {
        let x = randomTensor([1, 2, 6, 9], "same")
        XCTAssertEqual(BilinearResize(height: 6, width: 9).forward(x, ForwardContext(training: false)), x)
    }

    func testBilinearGradients() {
        checkGradients(BilinearResize(height: 7, width: 5), input: randomTensor([1, 2, 4, 6], "up"))
        checkGradients(BilinearResize(height: 3, width: 2), input: randomTensor([1, 1, 7, 5], "down"))
    }

    // MARK: Shared

    func testSpatialLayersSkipTheInputGradientWhenNotNeeded() {
        let layers: [any Layer] = [
            MaxPool2D(kernel: (2, 2)), AvgPool2D(kernel: (2, 2)), GlobalAveragePool(),
            BilinearResize(height: 3, width: 3),
        ]
        for layer in layers {
            let y = layer.forward(randomTensor([1, 1, 4, 4], "x"), ForwardContext(training: true))
            XCTAssertNil(layer.backward(y, ForwardContext(training: true), needsInputGradient: false), layer.kind)
        }
    }
}
