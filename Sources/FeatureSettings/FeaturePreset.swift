/// Feature settings of the studies melshard reproduces, by name.
///
/// Every choice a study leaves open is recorded in docs/features.md with the reason for it.
public enum FeaturePreset: String, CaseIterable, Sendable {
    /// librosa 0.11's defaults: 22.05 kHz, n_fft 2048, hop 512, 128 Slaney bands, dB with top_db 80.
    case librosa
    /// Heydarshahi et al. (study 000): 12 kHz, n_fft 512, hop 256, 96 bands, dB with no clipping,
    /// resized to 128 × 128. With centred frames a 24064-sample clip (2.0053 s) gives the (96, 95)
    /// the study reports.
    case heydarshahi
    /// Pons et al. (study 004): 44.1 kHz, Blackman-Harris window of 2048, hop 1024, 40 bands,
    /// power, `log(1 + 10000·x)`. 80896 samples give the (40, 80) network input.
    case pons
    /// Gebhardt et al. (study 003): 80 bands, log amplitude (dB, no clipping), 22.05 kHz with
    /// hop 736 so that a 10-s input gives 300 frames.
    case gebhardt
    /// Ren et al. (study 002): GTZAN with librosa's defaults.
    case ren
    /// Feather et al.'s cochleagram (`cochleagram_1`), the front end of study 001: 20 kHz,
    /// 211 half-cosine ERB channels (n 50, 50 Hz–10 kHz, sample factor 4), Hilbert envelopes
    /// downsampled to 200 Hz, `(max(x, 0) + 1e-8)^0.3`. A 2-s clip gives 211 × 390.
    case cochleagram

    public var parameters: FeatureParameters {
        var p = FeatureParameters()
        switch self {
        case .librosa, .ren:
            break
        case .cochleagram:
            p.sampleRate = 20000
            p.cochleagram = CochleagramParameters()
        case .heydarshahi:
            p.sampleRate = 12000
            p.nFFT = 512
            p.hop = 256
            p.nMels = 96
            p.topDB = nil
            p.resize = ImageSize(height: 128, width: 128)
        case .pons:
            p.sampleRate = 44100
            p.nFFT = 2048
            p.hop = 1024
            p.window = .blackmanharris
            p.nMels = 40
            p.scale = .log1p
            p.logMultiplier = 10000
        case .gebhardt:
            p.sampleRate = 22050
            p.nFFT = 2048
            p.hop = 736
            p.nMels = 80
            p.topDB = nil
        }
        return p
    }

    /// The clip length, in samples at the preset's rate, that gives the study's network input.
    /// nil where the study does not fix one.
    public var studyClipSamples: Int? {
        switch self {
        case .heydarshahi: 24064
        case .pons: 80896
        case .gebhardt: 220_500
        case .cochleagram: 40000
        case .librosa, .ren: nil
        }
    }
}
