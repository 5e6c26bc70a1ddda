/// Everything that decides a feature matrix, from the target sample rate to the final resize.
///
/// Defaults are librosa 0.11's: `librosa.load(sr=22050)`, then `melspectrogram` with its own
/// defaults, then `power_to_db` with its own (ref 1.0, amin 1e-10, top_db 80). Presets
/// (`FeaturePreset`) start from here and change what each study specifies.
///
/// The value is serialised with every shard it produced (snake_case keys, as in recipes), and
/// feeds the content keys of the build, so any change here rebuilds the shards it affects.
public struct FeatureParameters: Codable, Hashable, Sendable {
    /// The rate audio is resampled to before analysis, in Hz.
    public var sampleRate: Int = 22050
    /// The FFT length in samples.
    public var nFFT: Int = 2048
    /// The hop between frames in samples.
    public var hop: Int = 512
    /// The window length in samples (≤ n_fft, centred inside it); nil means n_fft.
    public var winLength: Int?
    public var window: WindowKind = .hann
    /// Pad `n_fft / 2` on both sides so that frame t is centred at `t · hop`.
    public var center: Bool = true
    public var padMode: PadMode = .constant
    /// The exponent on the magnitude: 1 for magnitude, 2 for power.
    public var power: Double = 2
    public var nMels: Int = 128
    /// The lowest filter edge in Hz.
    public var fmin: Double = 0
    /// The highest filter edge in Hz; nil means the Nyquist frequency.
    public var fmax: Double?
    public var melScale: MelScale = .slaney
    public var melNorm: MelNorm = .slaney
    public var scale: ScaleKind = .db
    public var dbRef: DBReference = .value(1)
    public var dbAmin: Double = 1e-10
    /// Clip dB values to `max − top_db` over the whole matrix; nil means no clipping.
    public var topDB: Double? = 80
    /// C in `log(1 + C·x)`.
    public var logMultiplier: Double = 10000
    /// ε in `log(x + ε)`.
    public var logOffset: Double = 1e-6
    /// Bilinear resize of the scaled matrix to height × width (PyTorch, `align_corners=False`); nil keeps the shape.
    public var resize: ImageSize?
    public var resampler: ResamplerKind = .soxrHQ
    public var channel: ChannelSelection = .mean
    /// The cochleagram front end in place of the STFT and mel filterbank; nil (the default)
    /// computes a mel spectrogram. When set, only `sample_rate`, `resize`, `resampler` and
    /// `channel` of the keys above apply, and `validate()` rejects any mel key changed from its
    /// default. nil is left out of the encoded value, so mel parameters serialise (and key
    /// their shards) exactly as before the cochleagram existed.
    public var cochleagram: CochleagramParameters?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate", nFFT = "n_fft", hop = "hop_length", winLength = "win_length", window, center
        case padMode = "pad_mode", power, nMels = "n_mels", fmin, fmax, melScale = "mel_scale", melNorm = "mel_norm"
        case scale, dbRef = "db_ref", dbAmin = "db_amin", topDB = "top_db", logMultiplier = "log_multiplier"
        case logOffset = "log_offset", resize, resampler, channel, cochleagram
    }

    /// The window length actually used.
    public var effectiveWinLength: Int { winLength ?? nFFT }
    /// The upper filter edge actually used.
    public var effectiveFmax: Double { fmax ?? Double(sampleRate) / 2 }
    /// The number of FFT bins, `1 + n_fft / 2`.
    public var binCount: Int { nFFT / 2 + 1 }

    /// Frames for a signal of `samples` samples: `1 + ⌊N / hop⌋` centred, `1 + ⌊(N − n_fft) / hop⌋` otherwise;
    /// for a cochleagram `1 + ⌊(N − window_size) / stride⌋`.
    public func frameCount(forSamples samples: Int) -> Int {
        if let cochleagram { return cochleagram.frameCount(forSamples: samples, sampleRate: sampleRate) }
        let padded = center ? samples + 2 * (nFFT / 2) : samples
        return padded < nFFT ? 0 : 1 + (padded - nFFT) / hop
    }

    /// The rows of the matrix before any resize: mel bands, or cochleagram channels.
    public var bandCount: Int { cochleagram?.channelCount ?? nMels }

    /// The shape of the final matrix for a signal of `samples` samples: [bands or channels, frames], or the resize.
    public func outputShape(forSamples samples: Int) -> (rows: Int, columns: Int) {
        if let resize { return (resize.height, resize.width) }
        return (bandCount, frameCount(forSamples: samples))
    }

    /// Checks every parameter, and throws for the first that cannot work, naming its key.
    public func validate() throws(FeatureError) {
        func require(_ ok: Bool, _ key: CodingKeys, _ value: Any, _ allowed: String) throws(FeatureError) {
            if !ok { throw FeatureError(key: key.rawValue, value: "\(value)", allowed: allowed) }
        }
        try require(sampleRate > 0 && sampleRate <= 768_000, .sampleRate, sampleRate, "an integer rate in Hz, 1…768000")
        try require(nFFT >= 2 && nFFT <= 1 << 20, .nFFT, nFFT, "an integer 2…1048576")
        try require(hop >= 1, .hop, hop, "an integer ≥ 1")
        try require(
            (1...nFFT).contains(effectiveWinLength), .winLength, effectiveWinLength, "an integer 1…n_fft (\(nFFT))")
        try require(power > 0 && power.isFinite, .power, power, "a positive number (1 magnitude, 2 power)")
        try require(nMels >= 1 && nMels <= 4096, .nMels, nMels, "an integer 1…4096")
        let nyquist = Double(sampleRate) / 2
        try require(
            fmin >= 0 && fmin < nyquist, .fmin, fmin, "a frequency in Hz, 0 ≤ fmin < sample_rate/2 (\(nyquist))")
        try require(
            effectiveFmax > fmin && effectiveFmax <= nyquist, .fmax, effectiveFmax,
            "a frequency in Hz, fmin (\(fmin)) < fmax ≤ sample_rate/2 (\(nyquist))")
        try require(dbAmin > 0 && dbAmin.isFinite, .dbAmin, dbAmin, "a positive number")
        if case .value(let ref) = dbRef {
            try require(ref > 0 && ref.isFinite, .dbRef, ref, "a positive number or \"max\"")
        }
        if let topDB {
            try require(topDB >= 0 && topDB.isFinite, .topDB, topDB, "a non-negative number of dB, or none")
        }
        try require(logMultiplier > 0 && logMultiplier.isFinite, .logMultiplier, logMultiplier, "a positive number")
        try require(logOffset > 0 && logOffset.isFinite, .logOffset, logOffset, "a positive number")
        if let resize {
            try require(
                resize.height >= 1 && resize.width >= 1 && resize.height <= 8192 && resize.width <= 8192,
                .resize, resize, "HEIGHTxWIDTH with both 1…8192")
        }
        if case .index(let index) = channel {
            try require(index >= 0, .channel, index, "\"mean\" or a channel index ≥ 0")
        }
        if let cochleagram {
            try cochleagram.validate(sampleRate: sampleRate)
            try requireMelDefaults()
        }
    }

    /// A cochleagram reads none of the STFT and mel keys: one changed from its default would be
    /// silently ignored, so it is an error naming the key.
    private func requireMelDefaults() throws(FeatureError) {
        let d = FeatureParameters()
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        let changed: [(key: CodingKeys, value: String, differs: Bool)] = [
            (.nFFT, text(nFFT), nFFT != d.nFFT), (.hop, text(hop), hop != d.hop),
            (.winLength, text(winLength), winLength != nil), (.window, text(window.rawValue), window != d.window),
            (.center, text(center), center != d.center), (.padMode, text(padMode.rawValue), padMode != d.padMode),
            (.power, text(power), power != d.power), (.nMels, text(nMels), nMels != d.nMels),
            (.fmin, text(fmin), fmin != d.fmin), (.fmax, text(fmax), fmax != nil),
            (.melScale, text(melScale.rawValue), melScale != d.melScale),
            (.melNorm, text(melNorm.rawValue), melNorm != d.melNorm), (.scale, text(scale.rawValue), scale != d.scale),
            (.dbRef, text(dbRef), dbRef != d.dbRef), (.dbAmin, text(dbAmin), dbAmin != d.dbAmin),
            (.topDB, text(topDB), topDB != d.topDB),
            (.logMultiplier, text(logMultiplier), logMultiplier != d.logMultiplier),
            (.logOffset, text(logOffset), logOffset != d.logOffset),
        ]
        if let first = changed.first(where: \.differs) {
            throw FeatureError(
                key: first.key.rawValue, value: first.value,
                allowed:
                    "no \(first.key.rawValue) with the cochleagram front end, which does not read it (leave it out)")
        }
    }
}
