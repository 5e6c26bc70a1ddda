import Foundation

/// Glasberg and Moore's ERB-number scale, as pycochleagram and chcochleagram define it:
/// `erb(f) = 9.265 · ln(1 + f / (24.7 · 9.265))`. Issue 15 writes the denominator rounded, 228.8;
/// it is the product 228.8455, so that the filters fall where Feather et al.'s do.
public enum ERBScale {
    /// Glasberg and Moore's Q of the auditory filters.
    static let earQ = 9.265
    /// Their minimum bandwidth in Hz.
    static let minimumBandwidth = 24.7

    /// The ERB number of a frequency in Hz.
    public static func erb(_ hz: Double) -> Double { earQ * log(1 + hz / (minimumBandwidth * earQ)) }

    /// The frequency in Hz of an ERB number.
    public static func hz(_ erb: Double) -> Double { minimumBandwidth * earQ * (exp(erb / earQ) - 1) }
}
