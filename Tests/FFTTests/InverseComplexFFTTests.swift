import FFT
import Foundation
import TestSupport
import Testing

@Suite struct InverseComplexFFTTests {
    /// The textbook inverse DFT without the 1/N, O(N²): `x[n] = Σ X[k]·e^{+2πikn/N}`.
    func naiveInverse(_ re: [Double], _ im: [Double]) -> [(re: Double, im: Double)] {
        let n = re.count
        return (0..<n).map { t in
            var sumRe = 0.0, sumIm = 0.0
            for k in 0..<n {
                let angle = 2 * Double.pi * Double(k * t % n) / Double(n)
                sumRe += re[k] * cos(angle) - im[k] * sin(angle)
                sumIm += re[k] * sin(angle) + im[k] * cos(angle)
            }
            return (sumRe, sumIm)
        }
    }

    @Test(arguments: [1, 8, 45, 100, 401])
    func agreesWithNaiveInverseDFT(size: Int) {
        let re = Signals.noise(rate: 1, count: size, amplitude: 1, seed: 1).map(Double.init)
        let im = Signals.noise(rate: 1, count: size, amplitude: 1, seed: 2).map(Double.init)
        let fft = InverseComplexFFT(size: size)
        for k in 0..<size {
            fft.input[2 * k] = re[k]
            fft.input[2 * k + 1] = im[k]
        }
        fft.execute()
        let reference = naiveInverse(re, im)
        var worst = 0.0
        for n in 0..<size {
            worst = max(worst, abs(fft.output[2 * n] - reference[n].re), abs(fft.output[2 * n + 1] - reference[n].im))
        }
        #expect(worst < 1e-9 * Double(size), "max |Δ| \(worst)")
    }

    /// A real forward transform followed by the inverse gives N times the signal back.
    @Test func invertsRealFFT() {
        let size = 300
        let x = Signals.chirp(from: 50, to: 5000, rate: 12000, count: size).map(Double.init)
        let forward = RealFFT(size: size)
        for i in 0..<size { forward.input[i] = x[i] }
        forward.execute()
        let inverse = InverseComplexFFT(size: size)
        for k in 0..<forward.binCount {
            inverse.input[2 * k] = forward.output[2 * k]
            inverse.input[2 * k + 1] = forward.output[2 * k + 1]
            if k > 0 && k < size - k {  // the upper half is the conjugate mirror
                inverse.input[2 * (size - k)] = forward.output[2 * k]
                inverse.input[2 * (size - k) + 1] = -forward.output[2 * k + 1]
            }
        }
        inverse.execute()
        var worst = 0.0
        for n in 0..<size {
            worst = max(worst, abs(inverse.output[2 * n] / Double(size) - x[n]), abs(inverse.output[2 * n + 1]))
        }
        #expect(worst < 1e-12, "max |Δ| \(worst)")
    }
}
