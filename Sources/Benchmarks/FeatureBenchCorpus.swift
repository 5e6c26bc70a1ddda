import AudioDSP
import FeatureSettings
import Foundation
import MelshardCore
import SoundFile

/// Generates the benchmark's audio deterministically: music-like stereo at 44.1 kHz.
public enum FeatureBenchCorpus {
    /// A GTZAN-like set (30-s WAV and the same as MP3) and a Jamendo-like set (3-6-min MP3),
    /// written once into `directory` and reused on later runs.
    public static func generate(
        in directory: String, gtzanFiles: Int, jamendoFiles: Int, crops: Int, seed: UInt64 = 1
    )
        throws -> [FeatureBenchPlan]
    {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rate = 44100
        var wav: [FeatureBenchPlan.File] = [], mp3: [FeatureBenchPlan.File] = [], jamendo: [FeatureBenchPlan.File] = []
        let clip = FeaturePreset.heydarshahi.studyClipSamples!
        for i in 0..<gtzanFiles {
            let seconds = 30.0
            let stem = "\(directory)/gtzan-\(i)"
            try SyntheticMusic.writeIfMissing(
                stem + ".wav", seconds: seconds, rate: rate, seed: seed &+ UInt64(i), format: .wav16)
            try SyntheticMusic.writeIfMissing(
                stem + ".mp3", seconds: seconds, rate: rate, seed: seed &+ UInt64(i), format: .mp3)
            var random = SeededRandom(seed: seed, stream: "gtzan-crops-\(i)")
            let last = Int(seconds * 12000) - clip
            let starts = (0..<crops).map { _ in Int(random.next() % UInt64(last)) }
            wav.append(.init(path: stem + ".wav", crops: starts))
            mp3.append(.init(path: stem + ".mp3", crops: starts))
        }
        for i in 0..<jamendoFiles {
            var random = SeededRandom(seed: seed, stream: "jamendo-\(i)")
            let seconds = 180 + Double(random.next() % 180)
            let path = "\(directory)/jamendo-\(i).mp3"
            try SyntheticMusic.writeIfMissing(
                path, seconds: seconds, rate: rate, seed: seed &+ 1000 &+ UInt64(i), format: .mp3)
            let last = Int(seconds * 12000) - clip
            let starts = (0..<(1 + Int(random.next() % 3))).map { _ in Int(random.next() % UInt64(last)) }
            jamendo.append(.init(path: path, crops: starts))
        }
        return [
            .heydarshahi(name: "gtzan-wav", files: wav),
            .heydarshahi(name: "gtzan-mp3", files: mp3),
            .heydarshahi(name: "jamendo-mp3", files: jamendo),
        ]
    }
}
