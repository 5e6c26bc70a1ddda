import BLAS
import FFT
import FeatureSettings
import MelshardCore

/// Turns mono samples at `parameters.sampleRate` into a feature matrix: STFT power, mel
/// projection, compression and an optional resize, each step as librosa and PyTorch do it.
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
    /// Scratch: STFT power, frames × bins (each frame's bins contiguous).
    var framePower: [Float] = []

    /// Parallelism belongs to melshard's own workers, one extractor each: OpenBLAS threads inside
    /// a small mel product would fight them for cores, and a fixed split keeps results identical.
    private static let singleThreadedBLAS: Void = BLAS.setThreadCount(1)

    public init(_ parameters: FeatureParameters) throws(FeatureError) {
        try parameters.validate()
        _ = Self.singleThreadedBLAS
        self.parameters = parameters
        filterbank = MelFilterbank(parameters)
        fft = RealFFT(size: parameters.nFFT)
        window = parameters.window.padded(winLength: parameters.effectiveWinLength, nFFT: parameters.nFFT)
    }

    /// The full pipeline on one clip: `[n_mels × frames]`, or `[height × width]` after a resize.
    ///
    /// - Throws: `FeatureError` when the clip is too short to give a single frame.
    public func features(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        let mel = try melPower(samples)
        let scaled = Scaling.apply(parameters, to: mel)
        guard let size = parameters.resize else { return scaled }
        return BilinearResize.resize(scaled, to: size)
    }

    public func features(_ samples: [Float]) throws(FeatureError) -> FeatureMatrix {
        try samples.withUnsafeBufferPointer { buffer throws(FeatureError) in try features(buffer) }
    }

    /// Mel power, `[n_mels × frames]`: the filterbank times the STFT power, as a float32 product
    /// like librosa's `einsum`.
    public func melPower(_ samples: UnsafeBufferPointer<Float>) throws(FeatureError) -> FeatureMatrix {
        let frames = try computeFramePower(samples)
        let bins = parameters.binCount
        var mel = FeatureMatrix(rows: parameters.nMels, columns: frames)
        filterbank.weights.values.withUnsafeBufferPointer { w in
            framePower.withUnsafeBufferPointer { p in
                mel.values.withUnsafeMutableBufferPointer { m in
                    // mel[n_mels × frames] = W[n_mels × bins] · Pᵀ, with P stored frames × bins.
                    BLAS.sgemm(
                        .none, .transposed, m: parameters.nMels, n: frames, k: bins,
                        a: w.baseAddress!, lda: bins, b: p.baseAddress!, ldb: bins,
                        c: m.baseAddress!, ldc: frames)
                }
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
