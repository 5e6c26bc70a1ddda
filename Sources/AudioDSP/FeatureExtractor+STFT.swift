import FeatureSettings
import Foundation

extension FeatureExtractor {
    /// Frames the signal, windows each frame, transforms it and stores `|X|^power` in
    /// `framePower` (frames × bins). Returns the frame count.
    ///
    /// Frame t covers `padded[t·hop ..< t·hop + n_fft]`, where `padded` is the signal extended by
    /// `n_fft/2` on each side when centring (zeros or a mirror image) and the signal itself
    /// otherwise. The pad is never materialised: `sample(at:)` maps a padded index back into the
    /// signal. The window product and FFT run in double precision, as in librosa.
    func computeFramePower(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> Int {
        let p = parameters
        let frames = p.frameCount(forSamples: samples.count)
        guard frames > 0 else {
            throw FeatureError(
                key: "clip", value: "\(samples.count) samples",
                allowed: p.center ? "at least one sample" : "at least n_fft (\(p.nFFT)) samples when center = false")
        }
        let pad = p.center ? p.nFFT / 2 : 0
        if framePower.count < frames * p.binCount { framePower = [Float](repeating: 0, count: frames * p.binCount) }
        let count = samples.count
        let input = fft.input
        // Through one pointer: writing the class's array element by element checked exclusive
        // access and uniqueness on every bin.
        framePower.withUnsafeMutableBufferPointer { framePower in
            window.withUnsafeBufferPointer { window in
                for t in 0..<frames {
                    let start = t * p.hop - pad
                    if start >= 0 && start + p.nFFT <= count {
                        Self.windowProduct(
                            samples.baseAddress! + start, window.baseAddress!, into: input.baseAddress!, count: p.nFFT)
                    } else {
                        for n in 0..<p.nFFT { input[n] = Double(paddedSample(samples, at: start + n)) * window[n] }
                    }
                    transformInput(into: framePower.baseAddress! + t * p.binCount)
                }
            }
        }
        return frames
    }

    /// `input[n] = Double(samples[n]) · window[n]` for `n < count`: each product the same IEEE
    /// operation as the scalar expression, so the frames are the same bits, four at a time. The
    /// scalar loop (`windowProductReference`) compiled to one conversion and one multiply per
    /// sample (the overflow check on `start + n` kept LLVM from vectorising it), which was about
    /// a third of the STFT stage; this is its SSE2 form, `cvtps2pd` and `mulpd`.
    @inline(__always)
    static func windowProduct(
        _ samples: UnsafePointer<Float>, _ window: UnsafePointer<Double>, into input: UnsafeMutablePointer<Double>,
        count: Int
    ) {
        var n = 0
        while n &+ 4 <= count {
            let x = UnsafeRawPointer(samples + n).loadUnaligned(as: SIMD4<Float>.self)
            let w = UnsafeRawPointer(window + n).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(input + n).storeBytes(of: SIMD4<Double>(x) * w, as: SIMD4<Double>.self)
            n &+= 4
        }
        while n < count {
            input[n] = Double(samples[n]) * window[n]
            n &+= 1
        }
    }

    /// The naive form of `windowProduct`, for the tests.
    static func windowProductReference(_ samples: [Float], _ window: [Double]) -> [Double] {
        zip(samples, window).map { Double($0) * $1 }
    }

    /// Transforms the windowed frame in `fft.input` and stores its `|X|^power` at `row` (`binCount`
    /// values). The one place both the whole-clip and the streamed STFT (`StreamedFeatureFile`)
    /// compute a frame's power, so their frames are identical bit for bit.
    @inline(__always)
    func transformInput(into row: UnsafeMutablePointer<Float>) {
        let bins = parameters.binCount
        let exponent = parameters.power / 2
        let output = fft.output
        fft.execute()
        if exponent == 1 {
            for k in 0..<bins {
                let re = output[2 * k], im = output[2 * k + 1]
                row[k] = Float(re * re + im * im)
            }
        } else {
            for k in 0..<bins {
                let re = output[2 * k], im = output[2 * k + 1]
                row[k] = Float(pow(re * re + im * im, exponent))
            }
        }
    }

    /// The padded signal at `index` (which may lie before 0 or past the end).
    private func paddedSample(_ samples: UnsafeBufferPointer<Float>, at index: Int) -> Float {
        parameters.padMode.source(ofPadded: index, count: samples.count).map { samples[$0] } ?? 0
    }
}
