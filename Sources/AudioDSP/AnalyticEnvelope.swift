import FFT
import Foundation

/// The envelope of one filtered channel: the magnitude of its analytic signal, computed from
/// the channel's one-sided spectrum as chcochleagram's `HilbertEnvelopeExtraction` does.
///
/// For a signal of N samples with real-FFT bins `Z[k]`, k = 0…⌊N/2⌋, the spectrum is zero-padded
/// to N complex bins (`Z[k]` for k ≤ ⌊N/2⌋, 0 above) and inverse-transformed:
/// `env[n] = |(1/N) Σ_k Z[k]·e^{2πikn/N}|`, n = 0…N−1. The bins are **not** doubled (no factor
/// of 2, and DC and Nyquist are kept as they are), so for a narrow-band channel the envelope is
/// half the textbook analytic signal's magnitude, as in Feather et al.'s cochleagrams.
///
/// Owns its inverse FFT (double precision) and is not thread-safe.
final class AnalyticEnvelope {
    let length: Int
    private let fft: InverseComplexFFT
    /// The bins written by the last call, cleared by the next.
    private var written: Range<Int> = 0..<0

    init(length: Int) {
        self.length = length
        fft = InverseComplexFFT(size: length)
    }

    /// The envelope of the spectrum `spectrum` (⌊N/2⌋ + 1 interleaved complex bins) filtered by
    /// `weights` on the bins `first ..< first + weights.count`, written to `envelope` (N values).
    func envelope(
        spectrum: UnsafeBufferPointer<Double>, first: Int, weights: UnsafeBufferPointer<Double>,
        into envelope: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(envelope.count == length && first + weights.count <= length / 2 + 1, "envelope shapes")
        let input = fft.input
        for k in written {
            input[2 * k] = 0
            input[2 * k + 1] = 0
        }
        for j in 0..<weights.count {
            let k = first + j
            input[2 * k] = spectrum[2 * k] * weights[j]
            input[2 * k + 1] = spectrum[2 * k + 1] * weights[j]
        }
        written = first..<(first + weights.count)
        fft.execute()
        let output = fft.output
        let scale = 1 / Double(length)
        for n in 0..<length {
            let re = output[2 * n]
            let im = output[2 * n + 1]
            envelope[n] = (re * re + im * im).squareRoot() * scale
        }
    }
}
