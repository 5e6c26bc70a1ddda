import AudioDSP
import FeatureSettings
import Foundation

/// What one benchmark workload does: which files, which crops, which features. The same JSON
/// drives melshard and scripts/bench/librosa_features.py, so both do exactly the same work.
public struct FeatureBenchPlan: Codable, Sendable {
    public struct File: Codable, Sendable {
        public var path: String
        /// Crop starts, in samples at `sr`.
        public var crops: [Int]
    }

    public var name: String
    public var sr: Int
    public var n_fft: Int
    public var hop: Int
    public var n_mels: Int
    public var resize: [Int]?
    public var clip_samples: Int
    public var center: Bool
    public var files: [File]

    /// The Heydarshahi preset, which both sides compute.
    public static func heydarshahi(name: String, files: [File]) -> FeatureBenchPlan {
        let p = FeaturePreset.heydarshahi.parameters
        return FeatureBenchPlan(
            name: name, sr: p.sampleRate, n_fft: p.nFFT, hop: p.hop, n_mels: p.nMels,
            resize: p.resize.map { [$0.height, $0.width] }, clip_samples: FeaturePreset.heydarshahi.studyClipSamples!,
            center: p.center, files: files)
    }

    public var parameters: FeatureParameters {
        var p = FeaturePreset.heydarshahi.parameters
        p.sampleRate = sr
        p.nFFT = n_fft
        p.hop = hop
        p.nMels = n_mels
        p.center = center
        p.resize = resize.map { ImageSize(height: $0[0], width: $0[1]) }
        return p
    }

    public var clipCount: Int { files.reduce(0) { $0 + $1.crops.count } }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    public static func read(_ path: String) throws -> FeatureBenchPlan {
        try JSONDecoder().decode(FeatureBenchPlan.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// One side's measurement of a workload.
public struct BenchResult: Codable, Sendable {
    public var tool: String
    public var files: Int
    public var clips: Int
    public var seconds: Double
    public var clips_per_second: Double
    public var files_per_second: Double
    public var peak_rss_mib: Double
    /// Seconds per stage (melshard's side only): decode, resample, stft, mel, scaling, resize,
    /// conversion, writing, hashing.
    public var stages: [String: Double]?
}
