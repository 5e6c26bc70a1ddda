import FFT
import FeatureSettings
import Foundation
import MelshardCore

/// The mel spectrogram in float64 and its vector-Jacobian product with respect to the waveform:
/// for an upstream gradient G = ∂L/∂S of the feature matrix S, `backward` returns ∂L/∂x for every
/// sample x[i]. The forward is `FeatureExtractor`'s mel pipeline without the rounding to float32.
///
/// Forward, for frame t and bin k (N = n_fft, pad = N/2 when centring, else 0):
///
///     f_t[n]  = x̃[t·hop + n] · w[n]                 x̃: x padded by `pad` each side (pad_mode), n < N
///     X_t[k]  = Σ_n f_t[n] · e^{−2πikn/N}           k ≤ N/2 (RealFFT)
///     P[t,k]  = Re(X_t[k])² + Im(X_t[k])²           power 2
///     M[m,t]  = Σ_k W[m,k] · P[t,k]                 the mel filterbank's float32 weights, widened
///     S[m,t]  = scale(M[m,t])                       none, dB, log(1 + C·M) or log(M + ε)
///
/// Backward, each step the adjoint (transpose) of the one above it:
///
///     ∂M[m,t] = G[m,t] · scale′(M[m,t])
///     ∂P[t,k] = Σ_m W[m,k] · ∂M[m,t]
///     ∂X_t[k] = 2 · ∂P[t,k] · X_t[k]                (∂Re, ∂Im) as one complex number
///     ∂f_t[n] = Re Σ_{k ≤ N/2} ∂X_t[k] · e^{+2πikn/N}
///             = InverseRealFFT of ∂X_t with bins 0 and N/2 weighted 1 and the others ½
///               (the c2r transform counts every bin but DC and Nyquist twice, as k and N − k)
///     ∂x̃[t·hop + n] += ∂f_t[n] · w[n]              overlap-add of the frames
///     ∂x[i]   = Σ of ∂x̃ over the padded positions that copy x[i]
///               (constant padding: the pad holds no sample and its gradient is dropped;
///               reflect: each mirrored position folds back onto the sample it mirrors)
///
/// The non-differentiable choices, and how the gradient is taken there (docs/features.md):
/// - dB: `max(amin, M)`: the gradient is zero where M ≤ amin (the floor is taken).
/// - dB with `top_db`: the peak is held constant; entries raised to `peak − top_db` get zero gradient.
/// - dB with `ref = max`: the reference is held constant (treated as a number, not a function of x).
///
/// Layouts: samples `[count]`; `Forward.spectrum` `[frames × bins × 2]` (each frame's bins
/// contiguous, re and im interleaved); `Forward.mel`, `Forward.features`, the upstream gradient
/// `[n_mels × frames]` (each band's frames contiguous, as `FeatureMatrix`); the result `[count]`.
///
/// Only power 2 (the derivative of |X|^p is unbounded at X = 0 for p < 2), no resize and no
/// cochleagram. Owns its FFT plans: not thread-safe, one per worker.
public final class MelSpectrogramGradient {
    /// What a forward pass keeps for the backward pass, all in float64.
    public struct Forward: Sendable {
        /// The number of input samples.
        public let sampleCount: Int
        /// The number of frames (feature columns).
        public let frames: Int
        /// The number of mel bands (feature rows).
        public let bands: Int
        /// The STFT, `[frames × bins × 2]`, re and im interleaved.
        public let spectrum: [Double]
        /// Mel power before scaling, `[n_mels × frames]`.
        public let mel: [Double]
        /// The scaled features, `[n_mels × frames]`: what `FeatureExtractor` gives, in float64.
        public let features: [Double]
        /// ∂S/∂M for each entry, `[n_mels × frames]`, zero where a non-differentiable choice clips.
        let slope: [Double]
    }

    public let parameters: FeatureParameters
    public let filterbank: MelFilterbank
    /// The filterbank's float32 weights widened to float64, `[n_mels × bins]`.
    private let weights: [Double]
    /// The window centred in n_fft samples.
    private let window: [Double]
    private let fft: RealFFT
    private let inverse: InverseRealFFT
    /// The naive reference: direct DFT matrices, O(N²) a frame, instead of FFTW.
    private let direct: Bool

    /// - Throws: `FeatureError` when the parameters are invalid, or ask for a cochleagram, a resize,
    ///   or a power other than 2.
    public convenience init(_ parameters: FeatureParameters) throws(FeatureError) {
        try self.init(parameters, direct: false)
    }

    /// `direct: true` is the naive reference the tests hold the FFTW path to.
    init(_ parameters: FeatureParameters, direct: Bool) throws(FeatureError) {
        try parameters.validate()
        if parameters.cochleagram != nil {
            throw FeatureError(key: "cochleagram", value: "set", allowed: "none for the mel spectrogram's gradient")
        }
        if let resize = parameters.resize {
            throw FeatureError(
                key: "resize", value: "\(resize.height)x\(resize.width)",
                allowed: "none for the mel spectrogram's gradient")
        }
        if parameters.power != 2 {
            throw FeatureError(
                key: "power", value: "\(parameters.power)", allowed: "2 for the mel spectrogram's gradient")
        }
        self.parameters = parameters
        self.direct = direct
        filterbank = MelFilterbank(parameters)
        weights = filterbank.weights.values.map(Double.init)
        window = parameters.window.padded(winLength: parameters.effectiveWinLength, nFFT: parameters.nFFT)
        fft = RealFFT(size: parameters.nFFT)
        inverse = InverseRealFFT(size: parameters.nFFT)
    }

    /// The forward pass on float32 samples, widened to float64.
    public func forward(_ samples: [Float]) throws(FeatureError) -> Forward {
        try forward(samples.map(Double.init))
    }

    /// The forward pass: the features and what `backward` needs.
    ///
    /// - Throws: `FeatureError` when the clip is too short to give a single frame.
    public func forward(_ samples: [Double]) throws(FeatureError) -> Forward {
        let p = parameters
        let frames = p.frameCount(forSamples: samples.count)
        guard frames > 0 else {
            throw FeatureError(
                key: "clip", value: "\(samples.count) samples",
                allowed: p.center ? "at least one sample" : "at least n_fft (\(p.nFFT)) samples when center = false")
        }
        let (n, bins, bands) = (p.nFFT, p.binCount, p.nMels)
        let pad = p.center ? n / 2 : 0
        var spectrum = [Double](repeating: 0, count: frames * bins * 2)
        var frame = [Double](repeating: 0, count: n)
        for t in 0..<frames {
            for i in 0..<n {
                let source = p.padMode.source(ofPadded: t * p.hop - pad + i, count: samples.count)
                frame[i] = source.map { samples[$0] * window[i] } ?? 0
            }
            transform(frame, into: &spectrum, at: t * bins * 2)
        }
        var mel = [Double](repeating: 0, count: bands * frames)
        for m in 0..<bands {
            for t in 0..<frames {
                var sum = 0.0
                for k in 0..<bins where weights[m * bins + k] != 0 {
                    let (re, im) = (spectrum[(t * bins + k) * 2], spectrum[(t * bins + k) * 2 + 1])
                    sum += weights[m * bins + k] * (re * re + im * im)
                }
                mel[m * frames + t] = sum
            }
        }
        let (features, slope) = Self.scale(mel, p)
        return Forward(
            sampleCount: samples.count, frames: frames, bands: bands, spectrum: spectrum, mel: mel, features: features,
            slope: slope)
    }

    /// The vector-Jacobian product: ∂L/∂x `[count]` for the upstream gradient ∂L/∂S `[n_mels × frames]`.
    public func backward(_ forward: Forward, upstream: [Double]) -> [Double] {
        let p = parameters
        let (n, bins, frames, bands) = (p.nFFT, p.binCount, forward.frames, forward.bands)
        precondition(upstream.count == bands * frames, "upstream gradient must be n_mels × frames")
        let pad = p.center ? n / 2 : 0
        var paddedGradient = [Double](repeating: 0, count: (frames - 1) * p.hop + n)
        var spectrumGradient = [Double](repeating: 0, count: bins * 2)
        var frameGradient = [Double](repeating: 0, count: n)
        for t in 0..<frames {
            for k in 0..<bins {
                var powerGradient = 0.0
                for m in 0..<bands where weights[m * bins + k] != 0 {
                    powerGradient += weights[m * bins + k] * upstream[m * frames + t] * forward.slope[m * frames + t]
                }
                let at = (t * bins + k) * 2
                spectrumGradient[2 * k] = 2 * powerGradient * forward.spectrum[at]
                spectrumGradient[2 * k + 1] = 2 * powerGradient * forward.spectrum[at + 1]
            }
            transformAdjoint(spectrumGradient, into: &frameGradient)
            for i in 0..<n { paddedGradient[t * p.hop + i] += frameGradient[i] * window[i] }
        }
        var gradient = [Double](repeating: 0, count: forward.sampleCount)
        for (j, value) in paddedGradient.enumerated() {
            if let source = p.padMode.source(ofPadded: j - pad, count: forward.sampleCount) {
                gradient[source] += value
            }
        }
        return gradient
    }

    /// One frame's real DFT, N/2 + 1 bins written interleaved at `spectrum[offset...]`.
    private func transform(_ frame: [Double], into spectrum: inout [Double], at offset: Int) {
        let (n, bins) = (parameters.nFFT, parameters.binCount)
        if direct {
            for k in 0..<bins {
                var (re, im) = (0.0, 0.0)
                for i in 0..<n {
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    re += frame[i] * cos(angle)
                    im -= frame[i] * sin(angle)
                }
                spectrum[offset + 2 * k] = re
                spectrum[offset + 2 * k + 1] = im
            }
            return
        }
        for i in 0..<n { fft.input[i] = frame[i] }
        fft.execute()
        for j in 0..<(2 * bins) { spectrum[offset + j] = fft.output[j] }
    }

    /// The adjoint of `transform`: `frame[n] = Re Σ_k gradient[k] · e^{+2πikn/N}` over the N/2 + 1 bins.
    private func transformAdjoint(_ gradient: [Double], into frame: inout [Double]) {
        let (n, bins) = (parameters.nFFT, parameters.binCount)
        if direct {
            for i in 0..<n {
                var sum = 0.0
                for k in 0..<bins {
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    sum += gradient[2 * k] * cos(angle) - gradient[2 * k + 1] * sin(angle)
                }
                frame[i] = sum
            }
            return
        }
        // c2r adds each bin 0 < k < N/2 twice (as k and as its mirror N − k): halve them. It
        // ignores the imaginary parts of DC and Nyquist, whose terms Re(i·b·(±1)) are zero anyway.
        for k in 0..<bins {
            let weight = k == 0 || 2 * k == n ? 1.0 : 0.5
            inverse.input[2 * k] = gradient[2 * k] * weight
            inverse.input[2 * k + 1] = gradient[2 * k + 1] * weight
        }
        inverse.execute()
        for i in 0..<n { frame[i] = inverse.output[i] }
    }

    /// The scaling of mel power and its derivative, entry by entry, with the non-differentiable
    /// choices held as the type's documentation says.
    static func scale(_ mel: [Double], _ p: FeatureParameters) -> (values: [Double], slope: [Double]) {
        switch p.scale {
        case .none:
            return (mel, [Double](repeating: 1, count: mel.count))
        case .log1p:
            let c = p.logMultiplier
            return (mel.map { log1p(c * $0) }, mel.map { c / (1 + c * $0) })
        case .log:
            return (mel.map { log($0 + p.logOffset) }, mel.map { 1 / ($0 + p.logOffset) })
        case .db:
            let reference: Double =
                switch p.dbRef {
                case .value(let value): value
                case .max: mel.max() ?? 0
                }
            let offset = 10 * log10(max(p.dbAmin, reference))
            var values = mel.map { 10 * log10(max(p.dbAmin, $0)) - offset }
            var slope = mel.map { $0 > p.dbAmin ? 10 / (log(10) * $0) : 0 }
            if let topDB = p.topDB, let peak = values.max() {
                let floor = peak - topDB
                for i in values.indices where values[i] < floor {
                    values[i] = floor
                    slope[i] = 0
                }
            }
            return (values, slope)
        }
    }
}
