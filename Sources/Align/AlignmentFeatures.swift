import AudioDSP
import FeatureSettings
import Foundation
import MelshardCore
import Soxr

/// The frame features DTW compares: MFCCs from melshard's own mel pipeline.
///
/// 16 kHz, 25 ms Hann window in a 512-point FFT, 10 ms hop, 40 mel bands 60–7600 Hz, log, DCT-II,
/// coefficients 1–12 (c0, the loudness, is dropped so a quiet take matches a loud one). The
/// caller then applies cepstral mean and variance normalisation (`normalized`) over the frames it
/// compares, which removes the channel and most of the difference between a synthetic voice and
/// a microphone.
public struct AlignmentFeatures {
    public static let sampleRate = 16_000
    public static let hopSeconds = 0.010
    public static let coefficients = 12

    private let extractor: FeatureExtractor
    /// DCT-II rows for coefficients 1…12, flattened (row k at k × bands).
    private let dct: [Float]

    public init() throws(AlignError) {
        var p = FeatureParameters()
        p.sampleRate = Self.sampleRate
        p.nFFT = 512
        p.winLength = 400
        p.hop = 160
        p.nMels = 40
        p.fmin = 60
        p.fmax = 7600
        p.power = 2
        do { extractor = try FeatureExtractor(p) } catch {
            throw AlignError(.signal("\(error)"), context: "alignment features")
        }
        let bands = p.nMels
        dct = (1...Self.coefficients).flatMap { k in
            (0..<bands).map { n in Float(cos(Double.pi * Double(k) * (Double(n) + 0.5) / Double(bands))) }
        }
    }

    /// Frames × coefficients, for samples at 16 kHz. Frame t is centred on t × 10 ms.
    ///
    /// Not normalised: normalising the whole utterance here would be undone exactly by the
    /// per-coefficient normalisation of the span actually compared, which is the one that counts.
    public func mfcc(_ samples: [Float]) throws(AlignError) -> [[Float]] {
        let mel: FeatureMatrix
        do {
            let padded = samples.count >= 512 ? samples : samples + [Float](repeating: 0, count: 512 - samples.count)
            mel = try padded.withUnsafeBufferPointer { buffer throws(FeatureError) in try extractor.melPower(buffer) }
        } catch {
            throw AlignError(.signal("\(error)"), context: "alignment features")
        }
        let bands = mel.rows
        let width = Self.coefficients
        var frames: [[Float]] = []
        frames.reserveCapacity(mel.columns)
        var logMel = [Float](repeating: 0, count: bands)
        dct.withUnsafeBufferPointer { dct in
            logMel.withUnsafeMutableBufferPointer { logMel in
                for t in 0..<mel.columns {
                    for b in 0..<bands { logMel[b] = log10(max(mel[b, t], 1e-10)) }
                    // Written in place: the frame's own array is its only allocation.
                    frames.append(
                        [Float](unsafeUninitializedCapacity: width) { frame, count in
                            for k in 0..<width {
                                var sum: Float = 0
                                for b in 0..<bands { sum += dct[k * bands + b] * logMel[b] }
                                frame[k] = sum
                            }
                            count = width
                        })
                }
            }
        }
        return frames
    }

    /// Cepstral mean and variance normalisation, per coefficient.
    static func normalized(_ frames: [[Float]]) -> [[Float]] {
        guard let width = frames.first?.count, frames.count > 1 else { return frames }
        var result = frames
        for k in 0..<width {
            let mean = frames.reduce(0) { $0 + $1[k] } / Float(frames.count)
            let variance = frames.reduce(0) { $0 + ($1[k] - mean) * ($1[k] - mean) } / Float(frames.count)
            let scale = 1 / max(variance.squareRoot(), 1e-6)
            for t in 0..<frames.count { result[t][k] = (frames[t][k] - mean) * scale }
        }
        return result
    }

    /// Euclidean distance between two frames.
    static func distance(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for k in 0..<a.count { let d = a[k] - b[k]; sum += d * d }
        return Double(sum.squareRoot())
    }

    /// `samples` at `rate`, resampled to `target` (16 kHz by default) with libsoxr (high quality).
    public static func resampled(
        _ samples: [Float], from rate: Int, to target: Int = sampleRate
    ) throws(AlignError) -> [Float] {
        if rate == target { return samples }
        do {
            let soxr = try SoxrResampler(inputRate: Double(rate), outputRate: Double(target), quality: .high)
            var out: [Float] = []
            out.reserveCapacity(samples.count * target / rate + 64)
            try samples.withUnsafeBufferPointer { buffer throws(SoxrError) in
                try soxr.process(buffer, appendingTo: &out)
            }
            try soxr.finish(appendingTo: &out)
            return out
        } catch {
            throw AlignError(.signal("\(error)"), context: "resampling \(rate) Hz to \(target) Hz")
        }
    }
}
