import FeatureSettings
import Foundation
import MelshardCore

/// One file's mel spectrogram written to a `.npy` file block by block (`melshard mel`), so the
/// memory it takes does not grow with the file's length: a decoded block, its resampled output,
/// a few frames of samples (`FrameStream`), a block of frames' power and mel values, and the
/// filterbank.
///
/// The array is the one `FeatureExtractor.features` gives for the signal `AudioLoader.load`
/// returns, bit for bit: the signal is decoded and resampled in the same blocks (the resampler's
/// output does not depend on how it is consumed), framed with the same padding, and each frame
/// and each value computed by the same code. Scalings that need the whole matrix are a second
/// pass over the written file: a dB `ref = max` (the first pass writes mel power and finds its
/// maximum) and `top_db` (the floor below the peak dB value, found while the dB values are
/// written). A resize interpolates across the whole matrix and a cochleagram is computed clip by
/// clip, so neither is streamed (`supports`).
public enum StreamedFeatureFile {
    /// The array written and the signal it came from.
    public struct Summary: Sendable, Equatable {
        public var shape: [Int]
        public var samples: Int
        public var sampleRate: Int
    }

    /// Frames computed and written per block: 512 frames of a 2048-point STFT are 2 MiB of power.
    public static let defaultBlockFrames = 512

    /// Whether `write` can compute these parameters: a mel spectrogram without a resize.
    public static func supports(_ parameters: FeatureParameters) -> Bool {
        parameters.cochleagram == nil && parameters.resize == nil
    }

    /// Writes the features of `path` (of `duration` seconds from `offset`, with the meaning
    /// `AudioLoader.load(_:offset:duration:)` gives them, when either is set) to `output` as a
    /// float32 `[bands, frames]` `.npy` file, replacing it only once it is complete.
    ///
    /// - Throws: `AudioError` for a file that cannot be read, `FeatureError` for bad parameters
    ///   or a signal too short for one frame, `NpyMatrixWriter.WriteError` when `output` cannot
    ///   be written.
    public static func write(
        _ path: String, parameters: FeatureParameters, offset: Double? = nil, duration: Double? = nil,
        to output: String, loader: AudioLoader? = nil, blockFrames: Int = defaultBlockFrames
    ) throws -> Summary {
        precondition(supports(parameters) && blockFrames > 0, "not a streamable mel spectrogram")
        let p = parameters
        let extractor = try FeatureExtractor(p)
        let loader = loader ?? AudioLoader(p)
        let signal = try loader.signalStream(path, offset: offset, duration: duration)
        let frames = p.frameCount(forSamples: signal.length)
        guard frames > 0 else {
            throw FeatureError(
                key: "clip", value: "\(signal.length) samples",
                allowed: p.center ? "at least one sample" : "at least n_fft (\(p.nFFT)) samples when center = false")
        }
        let writer = try NpyMatrixWriter(path: output, rows: p.nMels, columns: frames)
        let refIsMax = p.scale == .db && p.dbRef == .max
        var maxPower: Float?
        var peak: Float?
        var failure: NpyMatrixWriter.WriteError?
        let framer = FrameStream(extractor: extractor, samples: signal.length, blockFrames: blockFrames) {
            first, melPower in
            var block = melPower
            switch p.scale {
            case .db where refIsMax:
                maxPower = max(maxPower ?? -.infinity, block.values.max()!)
            case .db:
                block = Scaling.powerToDB(block, ref: p.dbRef, amin: p.dbAmin, topDB: nil)
                peak = max(peak ?? -.infinity, block.values.max()!)
            default:
                block = Scaling.apply(p, to: block)
            }
            guard failure == nil else { return }
            do throws(NpyMatrixWriter.WriteError) { try writer.write(block, atColumn: first) } catch { failure = error }
        }
        try loader.stream(signal) { framer.append($0) }
        framer.finish()
        if let failure { throw failure }
        if refIsMax, let maxPower {
            try writer.rewrite { chunk in
                chunk =
                    Scaling.powerToDB(
                        FeatureMatrix(rows: 1, columns: chunk.count, values: chunk), ref: .value(Double(maxPower)),
                        amin: p.dbAmin, topDB: nil
                    ).values
                peak = max(peak ?? -.infinity, chunk.max()!)
            }
        }
        if p.scale == .db, let topDB = p.topDB, let peak {
            let floor = peak - Float(topDB)
            try writer.rewrite { chunk in
                for i in chunk.indices where chunk[i] < floor { chunk[i] = floor }
            }
        }
        try writer.commit()
        return Summary(shape: [p.nMels, frames], samples: signal.length, sampleRate: signal.rate)
    }
}
