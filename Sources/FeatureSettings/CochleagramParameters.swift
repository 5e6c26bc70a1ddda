/// Everything that decides a cochleagram beyond the sample rate: the ERB filterbank, the
/// envelope's downsampler and the compression. Defaults are Feather et al.'s standard
/// configuration (`cochleagram_1` in chcochleagram): at 20 kHz, 211 channels at 200 Hz.
///
/// Stored in `FeatureParameters.cochleagram`; its keys are the recipe's
/// `[features.cochleagram]` keys and the shard metadata's, named as chcochleagram names them.
/// docs/features.md ("Cochleagram") gives the construction.
public struct CochleagramParameters: Codable, Hashable, Sendable {
    /// Band-pass filters that would tile the range at sample factor 1 (chcochleagram's `n`).
    public var n: Int = 50
    /// The lower edge of the band-pass range in Hz (`low_lim`).
    public var lowLimit: Double = 50
    /// The upper edge of the band-pass range in Hz (`high_lim`), at most the Nyquist frequency.
    public var highLimit: Double = 10000
    /// How many times overcomplete the band-pass filters are (`sample_factor`): 1 or even.
    public var sampleFactor: Int = 4
    /// The envelope's rate after downsampling, in Hz (`env_sr`); it must divide the sample rate.
    public var envelopeRate: Int = 200
    /// Taps of the Kaiser-windowed sinc low-pass (`window_size`).
    public var windowSize: Int = 1001
    /// β of the Kaiser window.
    public var kaiserBeta: Double = 5
    /// The exponent of the compression `(max(x, 0) + offset)^power`.
    public var power: Double = 0.3
    /// The offset inside the compression.
    public var offset: Double = 1e-8

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case n, lowLimit = "low_lim", highLimit = "high_lim", sampleFactor = "sample_factor"
        case envelopeRate = "env_sr", windowSize = "window_size", kaiserBeta = "kaiser_beta", power, offset
    }

    /// Band-pass filters: `sample_factor · (n + 1) − 1`.
    public var bandPassCount: Int { sampleFactor * (n + 1) - 1 }
    /// Every channel: the band-pass filters and `sample_factor` low-pass and high-pass edge filters.
    public var channelCount: Int { bandPassCount + 2 * sampleFactor }

    /// The downsampler's stride in input samples, `sample_rate / env_sr`.
    public func stride(sampleRate: Int) -> Int { sampleRate / envelopeRate }

    /// Frames for a signal of `samples` samples: `1 + ⌊(N − window_size) / stride⌋`, no padding.
    public func frameCount(forSamples samples: Int, sampleRate: Int) -> Int {
        samples < windowSize ? 0 : 1 + (samples - windowSize) / stride(sampleRate: sampleRate)
    }

    /// Checks every parameter against the sample rate, and throws for the first that cannot
    /// work, naming its key as `cochleagram.KEY`.
    public func validate(sampleRate: Int) throws(FeatureError) {
        func require(_ ok: Bool, _ key: CodingKeys, _ value: Any, _ allowed: String) throws(FeatureError) {
            if !ok { throw FeatureError(key: "cochleagram.\(key.rawValue)", value: "\(value)", allowed: allowed) }
        }
        let nyquist = Double(sampleRate) / 2
        try require(n >= 1 && n <= 1000, .n, n, "an integer 1…1000")
        try require(
            sampleFactor == 1 || (sampleFactor >= 2 && sampleFactor <= 16 && sampleFactor % 2 == 0),
            .sampleFactor, sampleFactor, "1 or an even integer 2…16 (odd factors change the filter widths)")
        try require(
            lowLimit > 0 && lowLimit < nyquist, .lowLimit, lowLimit,
            "a frequency in Hz, 0 < low_lim < sample_rate/2 (\(nyquist))")
        try require(
            highLimit > lowLimit && highLimit <= nyquist, .highLimit, highLimit,
            "a frequency in Hz, low_lim (\(lowLimit)) < high_lim ≤ sample_rate/2 (\(nyquist))")
        try require(
            envelopeRate >= 1 && envelopeRate <= sampleRate && sampleRate % envelopeRate == 0,
            .envelopeRate, envelopeRate, "a rate in Hz that divides sample_rate (\(sampleRate))")
        try require(windowSize >= 2 && windowSize <= 1 << 20, .windowSize, windowSize, "an integer 2…1048576")
        try require(kaiserBeta >= 0 && kaiserBeta <= 100, .kaiserBeta, kaiserBeta, "a number 0…100")
        try require(power > 0 && power.isFinite, .power, power, "a positive number")
        try require(offset >= 0 && offset.isFinite, .offset, offset, "a number ≥ 0")
    }
}
