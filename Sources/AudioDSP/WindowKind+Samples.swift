import FeatureSettings
import Foundation

extension WindowKind {
    /// The periodic window of `length` samples, as `scipy.signal.get_window(name, length, fftbins=True)`:
    /// a symmetric window of `length + 1` points with the last one dropped, so it tiles at its hop.
    ///
    /// - hann: `0.5 − 0.5·cos(x)`
    /// - hamming: `0.54 − 0.46·cos(x)`
    /// - blackmanharris (4-term, −92 dB): `0.35875 − 0.48829·cos(x) + 0.14128·cos(2x) − 0.01168·cos(3x)`
    /// - rectangular: 1
    ///
    /// with `x = 2πn / length`. Computed in double precision, as librosa does.
    public func samples(length: Int) -> [Double] {
        let coefficients: [Double] =
            switch self {
            case .hann: [0.5, 0.5]
            case .hamming: [0.54, 0.46]
            case .blackmanharris: [0.35875, 0.48829, 0.14128, 0.01168]
            case .rectangular: [1]
            }
        return (0..<length).map { n in
            let x = 2 * Double.pi * Double(n) / Double(length)
            var sign = 1.0
            var value = 0.0
            for (k, a) in coefficients.enumerated() {
                value += sign * a * cos(Double(k) * x)
                sign = -sign
            }
            return value
        }
    }

    /// The window of `winLength` samples centred in `nFFT` zeros, as `librosa.util.pad_center`.
    public func padded(winLength: Int, nFFT: Int) -> [Double] {
        var result = [Double](repeating: 0, count: nFFT)
        let offset = (nFFT - winLength) / 2
        for (i, w) in samples(length: winLength).enumerated() { result[offset + i] = w }
        return result
    }
}
