import FFT
import FeatureSettings
import MelshardCore

/// The cochleagram front end (`FeatureParameters.cochleagram`), Feather et al.'s
/// (chcochleagram `cochleagram_1` at the defaults), in four steps, each in its own type:
///
/// 1. the real FFT of the whole signal (N samples, double precision) times each channel of an
///    `ERBCosineFilterbank` designed for N;
/// 2. each channel's envelope, the magnitude of its analytic signal (`AnalyticEnvelope`);
/// 3. the envelopes low-passed and decimated to `env_sr` (`KaiserSincDownsampler`);
/// 4. `(max(x, 0) + offset)^power` (`PowerCompression`), rounded to float32.
///
/// Output: `[channels × frames]`, channels = `sample_factor·(n+1) − 1 + 2·sample_factor`,
/// frames = `1 + ⌊(N − window_size) / (sample_rate / env_sr)⌋`: 211 × 390 for 2 s at 20 kHz.
///
/// The filterbank and the FFT plans depend on N, so they are made for the first clip and
/// reused while clips keep that length (a build's clips all have one). Not thread-safe: each
/// worker makes its own, like a `FeatureExtractor`.
public final class Cochleagram {
    public let parameters: CochleagramParameters
    public let sampleRate: Int
    let downsampler: KaiserSincDownsampler
    private var plan: LengthPlan?

    /// What depends on the signal length.
    private final class LengthPlan {
        let filterbank: ERBCosineFilterbank
        let fft: RealFFT
        let envelope: AnalyticEnvelope

        init(length: Int, sampleRate: Int, _ p: CochleagramParameters) {
            filterbank = ERBCosineFilterbank(signalLength: length, sampleRate: sampleRate, p)
            fft = RealFFT(size: length)
            envelope = AnalyticEnvelope(length: length)
        }
    }

    /// - Throws: `FeatureError` naming the first parameter that cannot work at `sampleRate`.
    public init(_ parameters: CochleagramParameters, sampleRate: Int) throws(FeatureError) {
        try parameters.validate(sampleRate: sampleRate)
        self.parameters = parameters
        self.sampleRate = sampleRate
        downsampler = KaiserSincDownsampler(
            taps: parameters.windowSize, stride: parameters.stride(sampleRate: sampleRate),
            beta: parameters.kaiserBeta)
    }

    /// The filterbank for signals of `length` samples (made and kept if the length is new).
    public func filterbank(forLength length: Int) -> ERBCosineFilterbank { plan(forLength: length).filterbank }

    private func plan(forLength length: Int) -> LengthPlan {
        if let plan, plan.filterbank.signalLength == length { return plan }
        let made = LengthPlan(length: length, sampleRate: sampleRate, parameters)
        plan = made
        return made
    }

    /// The cochleagram of mono samples at `sampleRate`, `[channels × frames]`.
    ///
    /// - Throws: `FeatureError` when the clip is shorter than the downsampler's window.
    public func features(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        let length = samples.count
        let frames = downsampler.outputCount(forInput: length)
        guard frames > 0 else {
            throw FeatureError(
                key: "clip", value: "\(length) samples",
                allowed: "at least cochleagram.window_size (\(parameters.windowSize)) samples")
        }
        let plan = plan(forLength: length)
        let input = plan.fft.input
        // window_size ≥ 2 (validated), so N ≥ 2 here, as RealFFT needs.
        for n in 0..<length { input[n] = Double(samples[n]) }
        plan.fft.execute()
        let channels = plan.filterbank.channels
        var result = FeatureMatrix(rows: channels.count, columns: frames)
        var envelope = [Double](repeating: 0, count: length)
        var downsampled = [Double](repeating: 0, count: frames)
        let power = parameters.power
        let offset = parameters.offset
        let spectrum = UnsafeBufferPointer(plan.fft.output)
        result.values.withUnsafeMutableBufferPointer { out in
            envelope.withUnsafeMutableBufferPointer { env in
                downsampled.withUnsafeMutableBufferPointer { down in
                    for (row, channel) in channels.enumerated() {
                        channel.weights.withUnsafeBufferPointer { weights in
                            plan.envelope.envelope(
                                spectrum: spectrum, first: channel.first, weights: weights, into: env)
                        }
                        downsampler.apply(UnsafeBufferPointer(env), into: down)
                        for t in 0..<frames {
                            out[row * frames + t] = Float(PowerCompression.apply(down[t], power: power, offset: offset))
                        }
                    }
                }
            }
        }
        return result
    }

    public func features(_ samples: [Float]) throws(FeatureError) -> FeatureMatrix {
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try features(buffer) }
    }
}
