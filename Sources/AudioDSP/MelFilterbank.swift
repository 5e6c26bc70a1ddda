import FeatureSettings
import MelshardCore

/// Triangular mel filters over the FFT bins, equal to `librosa.filters.mel`.
///
/// Band `i` rises from edge `f_i` to `f_{i+1}` and falls to `f_{i+2}`, where the `n_mels + 2`
/// edges are equally spaced in mel between fmin and fmax. With Slaney normalisation each row is
/// scaled by `2 / (f_{i+2} − f_i)`, so every triangle has unit area in Hz. The weights are
/// rounded to float32 before the normalisation and again after it, as librosa's float32 array
/// does, so the matrix agrees with librosa's bit for bit in practice.
public struct MelFilterbank: Sendable {
    /// `[n_mels × (1 + n_fft/2)]`, row-major, float32.
    public let weights: FeatureMatrix
    /// The centre frequency of each band in Hz (edges 1 … n_mels).
    public let centers: [Double]
    /// Bands with no weight on any bin, which librosa warns about: more bands than the FFT resolves.
    public let emptyBands: [Int]

    public init(sampleRate: Int, nFFT: Int, nMels: Int, fmin: Double, fmax: Double, scale: MelScale, norm: MelNorm) {
        let bins = nFFT / 2 + 1
        // numpy.fft.rfftfreq(n, d=1/sr): k · (1 / (n · (1/sr))), spelled the same way for the same bits.
        let binStep = 1.0 / (Double(nFFT) * (1.0 / Double(sampleRate)))
        let fftFrequencies = (0..<bins).map { Double($0) * binStep }
        let edges = scale.frequencies(count: nMels + 2, fmin: fmin, fmax: fmax)
        var values = [Float](repeating: 0, count: nMels * bins)
        var empty: [Int] = []
        for i in 0..<nMels {
            let rise = edges[i + 1] - edges[i]
            let fall = edges[i + 2] - edges[i + 1]
            let area = norm == .slaney ? 2.0 / (edges[i + 2] - edges[i]) : 1.0
            var any = false
            for k in 0..<bins {
                let lower = -(edges[i] - fftFrequencies[k]) / rise
                let upper = (edges[i + 2] - fftFrequencies[k]) / fall
                let triangle = Float(max(0, min(lower, upper)))
                let weight = norm == .slaney ? Float(Double(triangle) * area) : triangle
                values[i * bins + k] = weight
                any = any || weight > 0
            }
            if !any { empty.append(i) }
        }
        weights = FeatureMatrix(rows: nMels, columns: bins, values: values)
        centers = Array(edges[1...nMels])
        emptyBands = empty
    }

    public init(_ p: FeatureParameters) {
        self.init(
            sampleRate: p.sampleRate, nFFT: p.nFFT, nMels: p.nMels, fmin: p.fmin, fmax: p.effectiveFmax,
            scale: p.melScale, norm: p.melNorm)
    }
}
