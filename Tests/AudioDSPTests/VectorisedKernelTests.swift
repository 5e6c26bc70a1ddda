import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// The SIMD forms of the STFT's window product and of the bilinear resize against their naive
/// references: the same IEEE operations in the same order, so every bit must be equal.
@Suite struct VectorisedKernelTests {
    /// Samples over a wide range with the values that round differently, signed zeros, the
    /// smallest subnormal, the largest float, infinities and NaN among them.
    static func samples(_ count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed, stream: "samples")
        let special: [Float] = [0, -0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, .infinity, .nan, 1, -1]
        return (0..<count).map { i in
            i % 11 == 3 ? special[(i / 11) % special.count] : Float(random.nextUnit() * 2 - 1) * 1e3
        }
    }

    /// Every length from 0 to 13 (all the tails of the four-wide loop) and 512, at every
    /// starting offset up to 3 (so the loads are unaligned).
    @Test func windowProductEqualsTheScalarProductBitForBit() {
        let signal = Self.samples(600, seed: 1)
        let window = WindowKind.hann.padded(winLength: 516, nFFT: 516)
        for count in Array(0...13) + [512] {
            for offset in 0...3 {
                let x = Array(signal[offset..<(offset + count)]), w = Array(window[offset..<(offset + count)])
                var got = [Double](repeating: 7, count: count + 1)
                x.withUnsafeBufferPointer { x in
                    w.withUnsafeBufferPointer { w in
                        got.withUnsafeMutableBufferPointer { g in
                            guard count > 0 else { return }
                            FeatureExtractor.windowProduct(
                                x.baseAddress!, w.baseAddress!, into: g.baseAddress!, count: count)
                        }
                    }
                }
                let expected = FeatureExtractor.windowProductReference(x, w)
                #expect(
                    got.prefix(count).map(\.bitPattern) == expected.map(\.bitPattern),
                    "count \(count), offset \(offset)")
                #expect(got[count] == 7, "nothing written past count \(count)")
            }
        }
    }

    /// Up (the Heydarshahi preset's 96 × 95 → 128 × 128), down on both axes, mixed, a single
    /// row and column, widths that leave every tail of the four-wide blend, and the same size.
    @Test(arguments: [
        (96, 95, 128, 128), (257, 300, 128, 64), (40, 7, 13, 29), (1, 1, 5, 6), (5, 9, 1, 1), (12, 17, 12, 17),
        (3, 4, 9, 3), (64, 64, 32, 33),
    ])
    func resizeEqualsTheScalarResizeBitForBit(shape: (Int, Int, Int, Int)) {
        let (rows, columns, height, width) = shape
        let values = Self.samples(rows * columns, seed: UInt64(rows * 1000 + columns)).map { $0.isFinite ? $0 : 3 }
        let matrix = FeatureMatrix(rows: rows, columns: columns, values: values)
        let size = ImageSize(height: height, width: width)
        let got = BilinearResize.resize(matrix, to: size)
        let expected = BilinearResize.resizeReference(matrix, to: size)
        #expect(got.rows == height && got.columns == width)
        #expect(got.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
    }
}
