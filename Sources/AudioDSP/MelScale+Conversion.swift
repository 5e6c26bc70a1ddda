import FeatureSettings
import Foundation

extension MelScale {
    /// Hz to mel, as `librosa.hz_to_mel(f, htk=...)`.
    ///
    /// Slaney: linear below 1 kHz (`f / (200/3)`), logarithmic above (`15 + ln(f/1000) / (ln 6.4 / 27)`).
    /// HTK: `2595·log10(1 + f/700)`.
    public func mel(fromHz hz: Double) -> Double {
        switch self {
        case .htk:
            return 2595.0 * log10(1.0 + hz / 700.0)
        case .slaney:
            let linear = hz / Self.slaneyStep
            return hz >= Self.slaneyBreakHz
                ? Self.slaneyBreakMel + log(hz / Self.slaneyBreakHz) / Self.slaneyLogStep : linear
        }
    }

    /// Mel to Hz, the inverse of `mel(fromHz:)`, as `librosa.mel_to_hz`.
    public func hz(fromMel mel: Double) -> Double {
        switch self {
        case .htk:
            return 700.0 * (pow(10.0, mel / 2595.0) - 1.0)
        case .slaney:
            return mel >= Self.slaneyBreakMel
                ? Self.slaneyBreakHz * exp(Self.slaneyLogStep * (mel - Self.slaneyBreakMel))
                : Self.slaneyStep * mel
        }
    }

    /// `count` frequencies in Hz equally spaced in mel from `fmin` to `fmax`, as
    /// `librosa.mel_frequencies`. The spacing follows `numpy.linspace` (start + i·step, last = stop)
    /// so that band edges agree with librosa to the last bit.
    public func frequencies(count: Int, fmin: Double, fmax: Double) -> [Double] {
        let low = mel(fromHz: fmin)
        let high = mel(fromHz: fmax)
        guard count > 1 else { return [hz(fromMel: low)] }
        let step = (high - low) / Double(count - 1)
        return (0..<count).map { i in hz(fromMel: i == count - 1 ? high : Double(i) * step + low) }
    }

    private static let slaneyStep = 200.0 / 3
    private static let slaneyBreakHz = 1000.0
    private static let slaneyBreakMel = slaneyBreakHz / slaneyStep
    private static let slaneyLogStep = log(6.4) / 27.0
}
