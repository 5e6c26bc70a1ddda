import AudioDSP
import FeatureSettings
import Foundation
import MelshardCore
import SoundFile

/// Generates the benchmark's audio deterministically: music-like stereo at 44.1 kHz, and mono
/// at 22.05 kHz for the dense-crop shape.
public enum FeatureBenchCorpus {
    /// How many files of each workload shape, and how many crops per file.
    public struct Shape: Sendable {
        /// GTZAN-like: 30-s files at 44.1 kHz stereo, each as WAV and as MP3, with `crops` crops.
        public var gtzanFiles: Int
        public var crops: Int
        /// Jamendo-like: 3-6-min stereo MP3 at 44.1 kHz with 1 to 3 crops each.
        public var jamendoFiles: Int
        /// Dense crops: 30-s mono Sun `.au` files at 22.05 kHz with `denseCrops` overlapping crops each.
        public var denseFiles: Int
        public var denseCrops: Int

        public init(gtzanFiles: Int, crops: Int, jamendoFiles: Int, denseFiles: Int = 0, denseCrops: Int = 25) {
            self.gtzanFiles = gtzanFiles
            self.crops = crops
            self.jamendoFiles = jamendoFiles
            self.denseFiles = denseFiles
            self.denseCrops = denseCrops
        }
    }

    /// Writes the files of `shape` once into `directory` (reused on later runs) and returns a
    /// plan per workload: `gtzan-wav`, `gtzan-mp3`, `jamendo-mp3`, `dense-au`, each left out
    /// when it has no files.
    public static func generate(in directory: String, shape: Shape, seed: UInt64 = 1) throws -> [FeatureBenchPlan] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rate = 44100
        var wav: [FeatureBenchPlan.File] = [], mp3: [FeatureBenchPlan.File] = [], jamendo: [FeatureBenchPlan.File] = []
        var dense: [FeatureBenchPlan.File] = []
        let clip = FeaturePreset.heydarshahi.studyClipSamples!
        for i in 0..<shape.gtzanFiles {
            let seconds = 30.0
            let stem = "\(directory)/gtzan-\(i)"
            try SyntheticMusic.writeIfMissing(
                stem + ".wav", seconds: seconds, rate: rate, seed: seed &+ UInt64(i), format: .wav16)
            try SyntheticMusic.writeIfMissing(
                stem + ".mp3", seconds: seconds, rate: rate, seed: seed &+ UInt64(i), format: .mp3)
            var random = SeededRandom(seed: seed, stream: "gtzan-crops-\(i)")
            let last = Int(seconds * 12000) - clip
            let starts = (0..<shape.crops).map { _ in Int(random.next() % UInt64(last)) }
            wav.append(.init(path: stem + ".wav", crops: starts))
            mp3.append(.init(path: stem + ".mp3", crops: starts))
        }
        for i in 0..<shape.jamendoFiles {
            var random = SeededRandom(seed: seed, stream: "jamendo-\(i)")
            let seconds = 180 + Double(random.next() % 180)
            let path = "\(directory)/jamendo-\(i).mp3"
            try SyntheticMusic.writeIfMissing(
                path, seconds: seconds, rate: rate, seed: seed &+ 1000 &+ UInt64(i), format: .mp3)
            let last = Int(seconds * 12000) - clip
            let starts = (0..<(1 + Int(random.next() % 3))).map { _ in Int(random.next() % UInt64(last)) }
            jamendo.append(.init(path: path, crops: starts))
        }
        for i in 0..<shape.denseFiles {
            let seconds = 30.0
            let path = "\(directory)/dense-\(i).au"
            try SyntheticMusic.writeIfMissing(
                path, seconds: seconds, rate: 22050, seed: seed &+ 2000 &+ UInt64(i), format: .au16, channels: 1)
            var random = SeededRandom(seed: seed, stream: "dense-crops-\(i)")
            let last = Int(seconds * 12000) - clip
            dense.append(
                .init(path: path, crops: (0..<shape.denseCrops).map { _ in Int(random.next() % UInt64(last)) }))
        }
        return [
            .heydarshahi(name: "gtzan-wav", files: wav),
            .heydarshahi(name: "gtzan-mp3", files: mp3),
            .heydarshahi(name: "jamendo-mp3", files: jamendo),
            .heydarshahi(name: "dense-au", files: dense),
        ].filter { !$0.files.isEmpty }
    }
}
