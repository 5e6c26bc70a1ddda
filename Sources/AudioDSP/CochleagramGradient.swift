import FFT
import FeatureSettings
import Foundation
import MelshardCore

/// The cochleagram in float64 and its vector-Jacobian product with respect to the waveform:
/// for an upstream gradient G = ∂L/∂C of the cochleagram C, `backward` returns ∂L/∂x for every
/// sample. The forward is `Cochleagram`'s without the rounding to float32.
///
/// Forward, for a signal of N samples, channel c with filter weights w_c, and frame t (stride D,
/// downsampling kernel h of `window_size` taps):
///
///     Z[k]    = Σ_n x[n] · e^{−2πikn/N}                 k ≤ N/2 (RealFFT)
///     a_c[n]  = (1/N) Σ_{k ≤ N/2} w_c[k]·Z[k]·e^{+2πikn/N}   the analytic signal, no factor of 2
///     e_c[n]  = |a_c[n]|                                (AnalyticEnvelope)
///     d[c,t]  = Σ_m e_c[t·D + m] · h[m]                 (KaiserSincDownsampler)
///     C[c,t]  = (max(d[c,t], 0) + offset)^power         (PowerCompression)
///
/// Backward, each step the adjoint of the one above it:
///
///     ∂d[c,t] = G[c,t] · power · (d + offset)^(power − 1)   where d > 0; 0 where d ≤ 0
///     ∂e_c[n] = Σ_t ∂d[c,t] · h[n − t·D]                 the correlation's transpose
///     ∂a_c[n] = ∂e_c[n] · a_c[n] / |a_c[n]|              0 where a_c[n] = 0
///     ∂Z[k]  += w_c[k] · (1/N) Σ_n ∂a_c[n] · e^{−2πikn/N}  a forward complex DFT, taken as the
///                                                        conjugate of InverseComplexFFT of conj(∂a_c)
///     ∂x[n]   = Re Σ_{k ≤ N/2} ∂Z[k] · e^{+2πikn/N}     InverseRealFFT, bins 0 and N/2 weighted 1,
///                                                        the others ½ (as `MelSpectrogramGradient`)
///
/// The non-differentiable points: the rectification `max(d, 0)` and the modulus at a_c[n] = 0
/// take the gradient 0 there. (chcochleagram's `ClippedGradPowerCompression` also clips large
/// gradients of the compression near 0 in its backward pass; this is the exact derivative.)
///
/// The analytic signals (channels × N complex values: 135 MB at the defaults on 2 s) are not
/// kept: `backward` recomputes each channel's from the kept spectrum, one channel at a time.
///
/// Layouts: samples `[N]`; `Forward.spectrum` `[N/2 + 1] × 2` (re, im interleaved);
/// `Forward.downsampled`, `Forward.features` and the upstream gradient `[channels × frames]`
/// (each channel's frames contiguous, as `FeatureMatrix`); the result `[N]`. Owns FFT plans for
/// one signal length (remade when the length changes): not thread-safe, one per worker.
public final class CochleagramGradient {
    /// What a forward pass keeps for the backward pass, all in float64.
    public struct Forward: Sendable {
        /// The number of input samples N.
        public let sampleCount: Int
        /// The number of frames (feature columns).
        public let frames: Int
        /// The number of channels (feature rows).
        public let channels: Int
        /// The real FFT of the signal, N/2 + 1 bins, re and im interleaved.
        public let spectrum: [Double]
        /// The downsampled envelopes before compression, `[channels × frames]`.
        public let downsampled: [Double]
        /// The cochleagram, `[channels × frames]`: what `Cochleagram` gives, in float64.
        public let features: [Double]
    }

    public let parameters: CochleagramParameters
    public let sampleRate: Int
    let downsampler: KaiserSincDownsampler
    /// The naive reference: direct DFT sums, O(N²), instead of FFTW.
    private let direct: Bool
    private var plan: LengthPlan?

    /// What depends on the signal length.
    private final class LengthPlan {
        let filterbank: ERBCosineFilterbank
        let fft: RealFFT
        let inverse: InverseRealFFT
        let complex: InverseComplexFFT

        init(length: Int, sampleRate: Int, _ p: CochleagramParameters) {
            filterbank = ERBCosineFilterbank(signalLength: length, sampleRate: sampleRate, p)
            fft = RealFFT(size: length)
            inverse = InverseRealFFT(size: length)
            complex = InverseComplexFFT(size: length)
        }
    }

    /// - Throws: `FeatureError` naming the first parameter that cannot work at `sampleRate`.
    public convenience init(_ parameters: CochleagramParameters, sampleRate: Int) throws(FeatureError) {
        try self.init(parameters, sampleRate: sampleRate, direct: false)
    }

    /// `direct: true` is the naive reference the tests hold the FFTW path to.
    init(_ parameters: CochleagramParameters, sampleRate: Int, direct: Bool) throws(FeatureError) {
        try parameters.validate(sampleRate: sampleRate)
        self.parameters = parameters
        self.sampleRate = sampleRate
        self.direct = direct
        downsampler = KaiserSincDownsampler(
            taps: parameters.windowSize, stride: parameters.stride(sampleRate: sampleRate),
            beta: parameters.kaiserBeta)
    }

    private func plan(forLength length: Int) -> LengthPlan {
        if let plan, plan.filterbank.signalLength == length { return plan }
        let made = LengthPlan(length: length, sampleRate: sampleRate, parameters)
        plan = made
        return made
    }

    /// The forward pass on float32 samples, widened to float64.
    public func forward(_ samples: [Float]) throws(FeatureError) -> Forward {
        try forward(samples.map(Double.init))
    }

    /// The forward pass: the cochleagram and what `backward` needs.
    ///
    /// - Throws: `FeatureError` when the clip is shorter than the downsampler's window.
    public func forward(_ samples: [Double]) throws(FeatureError) -> Forward {
        let length = samples.count
        let frames = downsampler.outputCount(forInput: length)
        guard frames > 0 else {
            throw FeatureError(
                key: "clip", value: "\(length) samples",
                allowed: "at least cochleagram.window_size (\(parameters.windowSize)) samples")
        }
        let plan = plan(forLength: length)
        let spectrum = realTransform(samples, plan)
        let channels = plan.filterbank.channels
        var downsampled = [Double](repeating: 0, count: channels.count * frames)
        for (c, channel) in channels.enumerated() {
            let envelope = analyticSignal(spectrum, channel, plan).map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }
            if direct {
                let row = downsampler.referenceApply(envelope)
                for t in 0..<frames { downsampled[c * frames + t] = row[t] }
            } else {
                envelope.withUnsafeBufferPointer { e in
                    downsampled.withUnsafeMutableBufferPointer { d in
                        downsampler.apply(
                            e, into: UnsafeMutableBufferPointer(rebasing: d[(c * frames)..<((c + 1) * frames)]))
                    }
                }
            }
        }
        let (power, offset) = (parameters.power, parameters.offset)
        let features = downsampled.map { PowerCompression.apply($0, power: power, offset: offset) }
        return Forward(
            sampleCount: length, frames: frames, channels: channels.count, spectrum: spectrum,
            downsampled: downsampled, features: features)
    }

    /// The vector-Jacobian product: ∂L/∂x `[N]` for the upstream gradient ∂L/∂C `[channels × frames]`.
    public func backward(_ forward: Forward, upstream: [Double]) -> [Double] {
        let (length, frames) = (forward.sampleCount, forward.frames)
        precondition(upstream.count == forward.channels * frames, "upstream gradient must be channels × frames")
        let plan = plan(forLength: length)
        let (power, offset) = (parameters.power, parameters.offset)
        let (kernel, stride) = (downsampler.kernel, downsampler.stride)
        var spectrumGradient = [Double](repeating: 0, count: forward.spectrum.count)
        var envelopeGradient = [Double](repeating: 0, count: length)
        for (c, channel) in plan.filterbank.channels.enumerated() {
            for n in 0..<length { envelopeGradient[n] = 0 }
            for t in 0..<frames {
                let d = forward.downsampled[c * frames + t]
                guard d > 0 else { continue }
                let g = upstream[c * frames + t] * power * pow(d + offset, power - 1)
                for m in 0..<kernel.count { envelopeGradient[t * stride + m] += g * kernel[m] }
            }
            let signal = analyticSignal(forward.spectrum, channel, plan)
            let signalGradient = signal.enumerated().map { n, a in
                let magnitude = (a.re * a.re + a.im * a.im).squareRoot()
                return magnitude == 0
                    ? (re: 0.0, im: 0.0)
                    : (re: envelopeGradient[n] * a.re / magnitude, im: envelopeGradient[n] * a.im / magnitude)
            }
            let binGradient = forwardComplexTransform(signalGradient, plan)
            let scale = 1 / Double(length)
            for (j, w) in channel.weights.enumerated() {
                let k = channel.first + j
                spectrumGradient[2 * k] += w * binGradient[k].re * scale
                spectrumGradient[2 * k + 1] += w * binGradient[k].im * scale
            }
        }
        return realTransformAdjoint(spectrumGradient, plan)
    }

    /// The real DFT of the signal, N/2 + 1 bins interleaved.
    private func realTransform(_ x: [Double], _ plan: LengthPlan) -> [Double] {
        let (n, bins) = (x.count, x.count / 2 + 1)
        if direct {
            var spectrum = [Double](repeating: 0, count: 2 * bins)
            for k in 0..<bins {
                for i in 0..<n {
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    spectrum[2 * k] += x[i] * cos(angle)
                    spectrum[2 * k + 1] -= x[i] * sin(angle)
                }
            }
            return spectrum
        }
        for i in 0..<n { plan.fft.input[i] = x[i] }
        plan.fft.execute()
        return Array(plan.fft.output)
    }

    /// The adjoint of `realTransform`: `x[n] = Re Σ_{k ≤ N/2} g[k] · e^{+2πikn/N}`.
    private func realTransformAdjoint(_ g: [Double], _ plan: LengthPlan) -> [Double] {
        let n = plan.filterbank.signalLength
        let bins = n / 2 + 1
        if direct {
            return (0..<n).map { i in
                var sum = 0.0
                for k in 0..<bins {
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    sum += g[2 * k] * cos(angle) - g[2 * k + 1] * sin(angle)
                }
                return sum
            }
        }
        // c2r counts each bin 0 < k < N/2 twice (as k and N − k): halve them.
        for k in 0..<bins {
            let weight = k == 0 || 2 * k == n ? 1.0 : 0.5
            plan.inverse.input[2 * k] = g[2 * k] * weight
            plan.inverse.input[2 * k + 1] = g[2 * k + 1] * weight
        }
        plan.inverse.execute()
        return Array(plan.inverse.output)
    }

    /// A channel's analytic signal `a_c[n]`, N complex values: its bins of the spectrum, weighted,
    /// zero-padded to N bins and inverse-transformed, divided by N.
    private func analyticSignal(
        _ spectrum: [Double], _ channel: ERBCosineFilterbank.Channel, _ plan: LengthPlan
    ) -> [(re: Double, im: Double)] {
        let n = plan.filterbank.signalLength
        let scale = 1 / Double(n)
        if direct {
            return (0..<n).map { i in
                var (re, im) = (0.0, 0.0)
                for (j, w) in channel.weights.enumerated() {
                    let k = channel.first + j
                    let (zr, zi) = (w * spectrum[2 * k], w * spectrum[2 * k + 1])
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    re += zr * cos(angle) - zi * sin(angle)
                    im += zr * sin(angle) + zi * cos(angle)
                }
                return (re * scale, im * scale)
            }
        }
        let input = plan.complex.input
        for j in 0..<(2 * n) { input[j] = 0 }
        for (j, w) in channel.weights.enumerated() {
            let k = channel.first + j
            input[2 * k] = w * spectrum[2 * k]
            input[2 * k + 1] = w * spectrum[2 * k + 1]
        }
        plan.complex.execute()
        let output = plan.complex.output
        return (0..<n).map { (output[2 * $0] * scale, output[2 * $0 + 1] * scale) }
    }

    /// The forward complex DFT `Σ_n v[n] · e^{−2πikn/N}` for every k < N, unnormalised: through
    /// the backward transform, as `conj(B(conj v))`.
    private func forwardComplexTransform(
        _ v: [(re: Double, im: Double)], _ plan: LengthPlan
    ) -> [(re: Double, im: Double)] {
        let n = v.count
        if direct {
            return (0..<n).map { k in
                var (re, im) = (0.0, 0.0)
                for i in 0..<n {
                    let angle = 2 * Double.pi * Double(k * i % n) / Double(n)
                    re += v[i].re * cos(angle) + v[i].im * sin(angle)
                    im += v[i].im * cos(angle) - v[i].re * sin(angle)
                }
                return (re, im)
            }
        }
        let input = plan.complex.input
        for i in 0..<n {
            input[2 * i] = v[i].re
            input[2 * i + 1] = -v[i].im
        }
        plan.complex.execute()
        let output = plan.complex.output
        return (0..<n).map { (output[2 * $0], -output[2 * $0 + 1]) }
    }
}
