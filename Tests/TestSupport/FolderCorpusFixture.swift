import Foundation
import MelshardCore
import SoundFile

/// A `folder` corpus on disk, `ROOT/LABEL/LABEL-NNN.wav`, with a recipe next to it.
///
/// Every file holds different audio (tones and seeded noise), so changing one changes its hash.
/// Features are small (8 kHz, 32 mel bands) so a build of a few hundred clips takes a second.
public struct FolderCorpusFixture {
    public let directory: TemporaryDirectory
    public var root: String { directory.file("corpus") }
    public var recipe: String { directory.file("recipe.toml") }

    public init(
        label: String = "build", classes: [String] = ["jazz", "rock", "speech"], filesPerClass: Int = 8,
        seconds: Double = 1.5,
        recipe extra: String = ""
    ) throws {
        directory = TemporaryDirectory(label)
        for name in classes {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            for i in 0..<filesPerClass { try writeSource(name, i, seconds: seconds) }
        }
        try writeRecipe(extra)
    }

    /// The relative path of a source: `LABEL/LABEL-NNN.wav`.
    public static func path(_ label: String, _ i: Int) -> String {
        "\(label)/\(label)-\(String(format: "%03d", i)).wav"
    }

    /// Writes (or rewrites, with `variant` > 0, different audio) one source.
    public func writeSource(
        _ label: String, _ i: Int, seconds: Double = 1.5, variant: Int = 0, rate: Int = 11025
    ) throws {
        let count = Int(seconds * Double(rate))
        var random = SeededRandom(seed: 99, stream: "\(label)/\(i)/\(variant)")
        let frequency = 200 + Double(SeededRandom.hash(label) % 800) + 37 * Double(i) + 101 * Double(variant)
        let samples = (0..<count).map { n in
            Float(0.4 * sin(2 * Double.pi * frequency * Double(n) / Double(rate)) + 0.05 * (random.nextUnit() - 0.5))
        }
        try SoundFile.write(samples, sampleRate: rate, format: .wav16, to: root + "/" + Self.path(label, i))
    }

    /// The recipe: the fixture's corpus, small features, and `extra` TOML appended (later
    /// tables and keys may override nothing; add only what the default lacks).
    public func writeRecipe(
        _ extra: String = "", clips: String? = nil, features: String? = nil, shards: String? = nil
    ) throws {
        let text = """
            name = "fixture"
            seed = 11

            [[corpus]]
            name = "music"
            kind = "folder"
            root = "corpus"

            [clips]
            \(clips ?? "length_seconds = 0.5\ncrop = \"random\"\nper_source = 3")

            [features]
            \(features ?? "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 32")

            [shards]
            \(shards ?? "clips_per_shard = 12")

            \(extra)
            """
        try text.write(toFile: recipe, atomically: true, encoding: .utf8)
    }
}
