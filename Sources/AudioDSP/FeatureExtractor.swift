import FFT
import FeatureSettings
import MelshardCore

/// Turns mono samples at `parameters.sampleRate` into a feature matrix: STFT power, mel
/// projection, compression and an optional resize, each step as librosa and PyTorch do it; or,
/// when `parameters.cochleagram` is set, a `Cochleagram` and the optional resize.
///
/// An extractor owns its FFT plan and scratch buffers and is not thread-safe; each worker
/// thread makes its own. Making one costs an FFTW plan (under FFTW's planner lock) and the
/// filterbank, so reuse it across clips.
public final class FeatureExtractor {
    public let parameters: FeatureParameters
    public let filterbank: MelFilterbank
    let fft: RealFFT
    /// The window centred in n_fft samples.
    let window: [Double]
    /// The filterbank as a banded product (see `MelProjection`).
    let projection: MelProjection
    /// Scratch: STFT power, frames × bins (each frame's bins contiguous).
    var framePower: [Float] = []
    /// When set, the time of each stage is added to it (`melshard bench`).
    public var stageTimes: StageTimes?
    /// The cochleagram front end, when the parameters ask for one instead of a mel spectrogram.
    public let cochleagram: Cochleagram?

    public init(_ parameters: FeatureParameters) throws(FeatureError) {
        try parameters.validate()
        self.parameters = parameters
        filterbank = MelFilterbank(parameters)
        projection = MelProjection(filterbank.weights)
        fft = RealFFT(size: parameters.nFFT)
        window = parameters.window.padded(winLength: parameters.effectiveWinLength, nFFT: parameters.nFFT)
        cochleagram = try parameters.cochleagram.map { c throws(FeatureError) in
            try Cochleagram(c, sampleRate: parameters.sampleRate)
        }
    }

    /// The full pipeline on one clip: `[n_mels × frames]` (or `[channels × frames]` for a
    /// cochleagram), or `[height × width]` after a resize.
    ///
    /// - Throws: `FeatureError` when the clip is too short to give a single frame.
    public func features(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        if let cochleagram {
            let matrix = try cochleagram.features(samples)
            guard let size = parameters.resize else { return matrix }
            return BilinearResize.resize(matrix, to: size)
        }
        guard let times = stageTimes else {
            let scaled = Scaling.apply(parameters, to: try melPower(samples))
            guard let size = parameters.resize else { return scaled }
            return BilinearResize.resize(scaled, to: size)
        }
        let frames = try times.measure(.stft) { () throws(FeatureError) in try computeFramePower(samples) }
        let mel = times.measure(.mel) { project(frames: frames) }
        let scaled = times.measure(.scaling) { Scaling.apply(parameters, to: mel) }
        guard let size = parameters.resize else { return scaled }
        return times.measure(.resize) { BilinearResize.resize(scaled, to: size) }
    }

    public func features(_ samples: [Float]) throws(FeatureError) -> FeatureMatrix {
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try features(buffer) }
    }

    /// Mel power, `[n_mels × frames]`: the filterbank times the STFT power, in float32 like
    /// librosa's `einsum`, as a banded product that gives the same bits on every machine
    /// (`MelProjection`; BLAS's `sgemm` ran a generic kernel on CPUs its build did not know).
    /// Mel only: like `spectrogram`, it reads the STFT and mel keys and ignores `cochleagram`.
    public func melPower(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        project(frames: try computeFramePower(samples))
    }

    /// The mel projection of the first `frames` frames of `framePower`.
    private func project(frames: Int) -> FeatureMatrix {
        var mel = FeatureMatrix(rows: parameters.nMels, columns: frames)
        framePower.withUnsafeBufferPointer { p in
            mel.values.withUnsafeMutableBufferPointer { m in
                projection.apply(power: p.baseAddress!, frames: frames, into: m.baseAddress!)
            }
        }
        return mel
    }

    /// The STFT magnitude raised to `power`, `[bins × frames]` as librosa lays it out
    /// (`np.abs(librosa.stft(y, ...)) ** power`).
    public func spectrogram(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        let frames = try computeFramePower(samples)
        let bins = parameters.binCount
        var result = FeatureMatrix(rows: bins, columns: frames)
        for t in 0..<frames {
            for k in 0..<bins { result.values[k * frames + t] = framePower[t * bins + k] }
        }
        return result
    }
}
