import FFT
import Foundation
import TestSupport
import Testing

@Suite struct InverseRealFFTTests {
    /// The Hermitian inverse DFT without the 1/N, O(N²), every bin of the full spectrum written out:
    /// `y[n] = Σ_{k<N} Y[k]·e^{+2πikn/N}` with `Y[N−k] = conj(Y[k])` and DC and Nyquist taken as real.
    func naiveInverse(_ re: [Double], _ im: [Double], size: Int) -> [Double] {
        (0..<size).map { t in
            var sum = 0.0
            for k in 0..<size {
                let mirrored = k > size / 2
                let j = mirrored ? size - k : k
                let real = j == 0 || 2 * j == size
                let (a, b) = (re[j], real ? 0 : (mirrored ? -im[j] : im[j]))
                let angle = 2 * Double.pi * Double(k * t % size) / Double(size)
                sum += a * cos(angle) - b * sin(angle)
            }
            return sum
        }
    }

    /// Even and odd sizes: the odd ones have no Nyquist bin. The DC and Nyquist bins get
    /// non-zero imaginary parts, which the transform must ignore.
    @Test(arguments: [2, 8, 45, 64, 100, 401])
    func agreesWithNaiveHermitianInverse(size: Int) {
        let bins = size / 2 + 1
        let re = Signals.noise(rate: 1, count: bins, amplitude: 1, seed: 3).map(Double.init)
        let im = Signals.noise(rate: 1, count: bins, amplitude: 1, seed: 4).map(Double.init)
        let fft = InverseRealFFT(size: size)
        #expect(fft.binCount == bins)
        for k in 0..<bins {
            fft.input[2 * k] = re[k]
            fft.input[2 * k + 1] = im[k]
        }
        fft.execute()
        let reference = naiveInverse(re, im, size: size)
        let worst = (0..<size).map { abs(fft.output[$0] - reference[$0]) }.max()!
        #expect(worst < 1e-9 * Double(size), "max |Δ| \(worst)")
    }

    /// RealFFT then InverseRealFFT gives N times the signal back.
    @Test(arguments: [16, 63])
    func invertsRealFFT(size: Int) {
        let signal = Signals.noise(rate: 1, count: size, amplitude: 1, seed: 5).map(Double.init)
        let forward = RealFFT(size: size)
        let inverse = InverseRealFFT(size: size)
        for n in 0..<size { forward.input[n] = signal[n] }
        forward.execute()
        for j in 0..<(2 * forward.binCount) { inverse.input[j] = forward.output[j] }
        inverse.execute()
        let worst = (0..<size).map { abs(inverse.output[$0] / Double(size) - signal[$0]) }.max()!
        #expect(worst < 1e-12, "max |Δ| \(worst)")
    }
}
