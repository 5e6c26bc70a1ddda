import Foundation
import MelshardCore
import SoundFile

/// Deterministic music-like audio for benchmarks and the README's example.
public enum SyntheticMusic {
    /// Chords, a beat of noise bursts and a little noise floor: broadband enough that no
    /// decoder or resampler takes a shortcut on silence.
    public static func writeIfMissing(
        _ path: String, seconds: Double, rate: Int, seed: UInt64, format: AudioFormat, channels: Int = 2
    ) throws {
        if FileManager.default.fileExists(atPath: path) { return }
        try write(path, seconds: seconds, rate: rate, seed: seed, format: format, channels: channels)
    }

    /// Stereo unless `channels` is 1; the random stream is named after the file, so two files
    /// with one seed differ.
    public static func write(
        _ path: String, seconds: Double, rate: Int, seed: UInt64, format: AudioFormat, channels: Int = 2
    ) throws {
        let stream = path.split(separator: "/").last.map(String.init) ?? path
        let samples = samples(seconds: seconds, rate: rate, seed: seed, stream: stream, channels: channels)
        try SoundFile.write(samples, channels: channels, sampleRate: rate, format: format, to: path)
    }

    /// The interleaved samples `write` puts in a file, for `channels` 1 (mono) or 2 (stereo);
    /// `stream` names the random stream (`write` uses the file name).
    public static func samples(seconds: Double, rate: Int, seed: UInt64, stream: String, channels: Int) -> [Float] {
        precondition(channels == 1 || channels == 2, "mono or stereo")
        let frames = Int(seconds * Double(rate))
        var random = SeededRandom(seed: seed, stream: stream)
        let root = 110 * pow(2, Double(random.next() % 12) / 12)
        var samples = [Float](repeating: 0, count: frames * channels)
        let beat = Int(Double(rate) * (0.4 + random.nextUnit() * 0.3))
        for n in 0..<frames {
            let t = Double(n) / Double(rate)
            var v = 0.0
            for (k, ratio) in [1.0, 1.25, 1.5, 2.0].enumerated() {
                v += 0.08 / Double(k + 1) * sin(2 * .pi * root * ratio * t)
            }
            let sinceBeat = n % beat
            let noise = random.nextUnit() * 2 - 1
            v += (sinceBeat < rate / 50 ? 0.3 * exp(-Double(sinceBeat) / Double(rate / 200)) : 0.01) * noise
            if channels == 2 {
                samples[2 * n] = Float(v)
                samples[2 * n + 1] = Float(v * 0.9 + 0.005 * noise)
            } else {
                samples[n] = Float(v)
            }
        }
        return samples
    }
}
