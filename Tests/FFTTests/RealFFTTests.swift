import FFT
import Foundation
import TestSupport
import Testing

@Suite struct RealFFTTests {
    /// The textbook DFT, O(N²), as the reference FFTW must agree with.
    func naiveDFT(_ x: [Double]) -> [(re: Double, im: Double)] {
        let n = x.count
        return (0...n / 2).map { k in
            var re = 0.0, im = 0.0
            for (i, v) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * i % n) / Double(n)
                re += v * cos(angle)
                im += v * sin(angle)
            }
            return (re, im)
        }
    }

    @Test(arguments: [8, 100, 256, 512, 735])
    func agreesWithNaiveDFT(size: Int) {
        let x = Signals.noise(rate: 1, count: size, amplitude: 1).map(Double.init)
        let fft = RealFFT(size: size)
        for i in 0..<size { fft.input[i] = x[i] }
        fft.execute()
        let reference = naiveDFT(x)
        var worst = 0.0
        for k in 0..<fft.binCount {
            worst = max(worst, abs(fft.output[2 * k] - reference[k].re), abs(fft.output[2 * k + 1] - reference[k].im))
        }
        #expect(worst < 1e-9 * Double(size))
    }

    /// Parseval: Σ|x|² = (1/N)·Σ_k |X_k|² over the full spectrum, whose upper half mirrors the lower.
    @Test(arguments: [512, 2048, 1001])
    func preservesEnergy(size: Int) {
        let x = Signals.chirp(from: 50, to: 5000, rate: 12000, count: size).map(Double.init)
        let fft = RealFFT(size: size)
        for i in 0..<size { fft.input[i] = x[i] }
        fft.execute()
        var spectral = 0.0
        for k in 0..<fft.binCount {
            let power = fft.output[2 * k] * fft.output[2 * k] + fft.output[2 * k + 1] * fft.output[2 * k + 1]
            let mirrored = k == 0 || (size % 2 == 0 && k == size / 2)
            spectral += mirrored ? power : 2 * power
        }
        let temporal = x.reduce(0) { $0 + $1 * $1 }
        #expect(abs(spectral / Double(size) - temporal) <= 1e-9 * temporal)
    }

    /// Plans made on several threads at once: FFTW's planner is serialised inside RealFFT.
    @Test func plansConcurrently() async {
        await withTaskGroup(of: Double.self) { group in
            for size in [256, 512, 1024, 2048, 300, 441] {
                group.addTask {
                    let fft = RealFFT(size: size)
                    fft.input[0] = 1
                    fft.execute()
                    return fft.output[0]
                }
            }
            for await dc in group { #expect(dc == 1) }
        }
    }
}
