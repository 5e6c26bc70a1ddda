import FFT
import FeatureSettings
import Foundation
import MelshardCore

/// A waveform whose STFT magnitude approximates a given one: `librosa.griffinlim` with its
/// defaults (`init="random"`, `momentum=0.99`, `n_iter=32`), the fast Griffin-Lim of Perraudin,
/// Balazs and Søndergaard (2013).
///
/// The STFT is the features' (`n_fft`, `hop_length`, `win_length`, `window`, `center`,
/// `pad_mode` of `FeatureParameters`), and the inverse STFT is librosa's `istft` without
/// `length`: each frame's `irfft` times the window, overlap-added, divided by the window's
/// sum of squares where that exceeds float32's smallest normal number, and, when centred,
/// `n_fft / 2` samples trimmed from each end. The output has `n_fft + hop·(T − 1) − 2·⌊n_fft/2⌋`
/// samples when centred (`hop · (T − 1)` for an even `n_fft`), `n_fft + hop·(T − 1)` otherwise,
/// as librosa's.
///
/// Each iteration: `inverse = istft(angles)`, `rebuilt = stft(inverse)`, `angles = rebuilt −
/// momentum / (1 + momentum) · previous rebuilt`, normalised to unit modulus (`/ (|a| + tiny)`),
/// times the target magnitude; then one last `istft`. The random initial phases are uniform in
/// [0, 2π), drawn from melshard's `SeededRandom` (stream "griffin-lim", bins then frames in
/// numpy's row-major order) rather than numpy's generator, so the phases, and so the waveform,
/// differ from librosa's for any seed; only statistics such as `spectralConvergence` compare.
/// The transforms run in float64 through FFTW (`RealFFT`, `InverseRealFFT`); librosa runs in
/// the input's float32/complex64.
public struct GriffinLim {
    public let parameters: FeatureParameters
    public var iterations: Int
    public var momentum: Double
    public var seed: UInt64

    public init(_ parameters: FeatureParameters, iterations: Int = 32, momentum: Double = 0.99, seed: UInt64 = 0) {
        precondition(iterations >= 0 && momentum >= 0, "iterations \(iterations), momentum \(momentum)")
        (self.parameters, self.iterations, self.momentum, self.seed) = (parameters, iterations, momentum, seed)
    }

    /// The number of output samples for `frames` STFT frames.
    public func outputLength(frames: Int) -> Int {
        let full = parameters.nFFT + parameters.hop * (frames - 1)
        return parameters.center ? full - 2 * (parameters.nFFT / 2) : full
    }

    /// The waveform for a magnitude `[bins × frames]` row-major (bins = `1 + n_fft/2`).
    public func reconstruct(magnitude: [Double], frames: Int) -> [Float] {
        let bins = parameters.binCount
        precondition(
            magnitude.count == bins * frames && frames >= 1, "\(magnitude.count) values for \(bins) × \(frames)")
        let transforms = Transforms(parameters)
        var random = SeededRandom(seed: seed, stream: "griffin-lim")
        // Complex spectra frame-major: [frames][bins], re and im apart.
        var re = [Double](repeating: 0, count: frames * bins), im = re
        for k in 0..<bins {
            for t in 0..<frames {
                let phase = 2 * Double.pi * random.nextUnit()
                let s = magnitude[k * frames + t]
                (re[t * bins + k], im[t * bins + k]) = (s * cos(phase), s * sin(phase))
            }
        }
        let tiny = Double(Float.leastNormalMagnitude)
        let carry = momentum / (1 + momentum)
        var previous: (re: [Double], im: [Double])?
        for _ in 0..<iterations {
            let inverse = transforms.inverse(re: re, im: im, frames: frames)
            let rebuilt = transforms.forward(inverse, frames: frames)
            for t in 0..<frames {
                for k in 0..<bins {
                    let i = t * bins + k
                    var (a, b) = (rebuilt.re[i], rebuilt.im[i])
                    if let previous { (a, b) = (a - carry * previous.re[i], b - carry * previous.im[i]) }
                    let s = magnitude[k * frames + t] / ((a * a + b * b).squareRoot() + tiny)
                    (re[i], im[i]) = (a * s, b * s)
                }
            }
            previous = rebuilt
        }
        return transforms.inverse(re: re, im: im, frames: frames).map { Float($0) }
    }

    /// `|STFT(samples)|`, `[bins × frames]` row-major, with the features' STFT.
    public func magnitude(of samples: [Float]) -> (values: [Double], frames: Int) {
        let transforms = Transforms(parameters)
        let frames = parameters.frameCount(forSamples: samples.count)
        let spectrum = transforms.forward(samples.map(Double.init), frames: frames)
        let bins = parameters.binCount
        var values = [Double](repeating: 0, count: bins * frames)
        for t in 0..<frames {
            for k in 0..<bins {
                let i = t * bins + k
                values[k * frames + t] = (spectrum.re[i] * spectrum.re[i] + spectrum.im[i] * spectrum.im[i])
                    .squareRoot()
            }
        }
        return (values, frames)
    }

    /// `‖S − |STFT(y)|‖_F / ‖S‖_F` for a target magnitude `S` `[bins × frames]` and a waveform:
    /// how far the waveform's magnitude is from the target (0 when equal). The waveform's frames
    /// beyond the target's, if any, are left out; missing ones count as zeros.
    public func spectralConvergence(target: [Double], frames: Int, samples: [Float]) -> Double {
        let (estimate, estimatedFrames) = magnitude(of: samples)
        var difference = 0.0, norm = 0.0
        for k in 0..<parameters.binCount {
            for t in 0..<frames {
                let s = target[k * frames + t]
                let e = t < estimatedFrames ? estimate[k * estimatedFrames + t] : 0
                difference += (s - e) * (s - e)
                norm += s * s
            }
        }
        return norm > 0 ? (difference / norm).squareRoot() : 0
    }

    /// The STFT and inverse STFT of one set of parameters, with their FFTW plans.
    struct Transforms {
        let p: FeatureParameters
        let window: [Double]
        let fft: RealFFT
        let ifft: InverseRealFFT

        init(_ p: FeatureParameters) {
            self.p = p
            window = p.window.padded(winLength: p.effectiveWinLength, nFFT: p.nFFT)
            fft = RealFFT(size: p.nFFT)
            ifft = InverseRealFFT(size: p.nFFT)
        }

        /// `frames` frames of `samples`, padded as the features are: `[frames][bins]`.
        func forward(_ samples: [Double], frames: Int) -> (re: [Double], im: [Double]) {
            let bins = p.binCount, pad = p.center ? p.nFFT / 2 : 0
            var re = [Double](repeating: 0, count: frames * bins), im = re
            for t in 0..<frames {
                let start = t * p.hop - pad
                for n in 0..<p.nFFT {
                    let value = p.padMode.source(ofPadded: start + n, count: samples.count).map { samples[$0] } ?? 0
                    fft.input[n] = value * window[n]
                }
                fft.execute()
                for k in 0..<bins { (re[t * bins + k], im[t * bins + k]) = (fft.output[2 * k], fft.output[2 * k + 1]) }
            }
            return (re, im)
        }

        /// librosa's `istft` without `length`.
        func inverse(re: [Double], im: [Double], frames: Int) -> [Double] {
            let bins = p.binCount, n = p.nFFT
            let full = n + p.hop * (frames - 1)
            var y = [Double](repeating: 0, count: full), windowSum = y
            for t in 0..<frames {
                for k in 0..<bins { (ifft.input[2 * k], ifft.input[2 * k + 1]) = (re[t * bins + k], im[t * bins + k]) }
                ifft.execute()
                let start = t * p.hop
                for i in 0..<n {
                    // numpy's irfft divides by n; FFTW's c2r does not.
                    y[start + i] += ifft.output[i] / Double(n) * window[i]
                    windowSum[start + i] += window[i] * window[i]
                }
            }
            let tiny = Double(Float.leastNormalMagnitude)
            for i in 0..<full where windowSum[i] > tiny { y[i] /= windowSum[i] }
            guard p.center else { return y }
            let trim = n / 2
            return Array(y[trim..<(full - trim)])
        }
    }
}
