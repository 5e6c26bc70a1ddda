import FFT
import Foundation
import MelshardCore

/// Seeded pink noise: power proportional to 1/f, the metamers' starting point (Feather et al.
/// 2019 start from pink noise; study 001 likewise).
///
/// Made in the frequency domain, so the spectrum is exactly 1/f in expectation: every bin k of
/// the real FFT of `count` samples, 0 < k ≤ count/2, gets a complex Gaussian value (two
/// Box–Muller normals from `SeededRandom(seed, stream: "pink-noise")`) scaled by 1/√k, the DC
/// bin 0 (no offset), and the Nyquist bin, when there is one, a real value; the inverse real FFT
/// gives the samples, which are then scaled to `rms`. The same seed and count give the same
/// samples, bit for bit.
public enum PinkNoise {
    /// `count` samples of pink noise with root mean square `rms`.
    public static func samples(count: Int, rms: Double, seed: UInt64) -> [Double] {
        guard count >= 2 else { return [Double](repeating: 0, count: count) }
        var random = SeededRandom(seed: seed, stream: "pink-noise")
        func normal() -> Double {
            // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
            let (u, v) = (1 - random.nextUnit(), random.nextUnit())
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        let inverse = InverseRealFFT(size: count)
        let bins = inverse.binCount
        inverse.input[0] = 0
        inverse.input[1] = 0
        for k in 1..<bins {
            let scale = 1 / Double(k).squareRoot()
            let nyquist = count % 2 == 0 && k == bins - 1
            inverse.input[2 * k] = normal() * scale
            inverse.input[2 * k + 1] = nyquist ? 0 : normal() * scale
        }
        inverse.execute()
        var samples = Array(inverse.output)
        let current = (samples.reduce(0) { $0 + $1 * $1 } / Double(count)).squareRoot()
        let gain = current > 0 ? rms / current : 0
        for i in samples.indices { samples[i] *= gain }
        return samples
    }
}
