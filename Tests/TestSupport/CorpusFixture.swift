import Foundation
import MelshardCore
import SoundFile

/// A corpus in any native layout, built file by file: audio written by libsndfile in the
/// format the corpus really uses, manifests written byte for byte (CRLF, stray quotes, bad
/// UTF-8 and all), and a recipe next to it.
public struct CorpusFixture {
    public let directory: TemporaryDirectory
    /// `DIR/corpus`: where the corpus's own files go.
    public var root: String { directory.file("corpus") }
    public var recipe: String { directory.file("recipe.toml") }
    public var output: String { directory.file("out") }

    public init(_ label: String) throws {
        directory = TemporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `seconds` of a tone distinct per `path` (so every file hashes differently unless
    /// `seed` is shared on purpose), creating folders on the way.
    @discardableResult
    public func audio(
        _ path: String, seconds: Double = 1, rate: Int = 8000, channels: Int = 1, format: AudioFormat = .wav16,
        seed: String? = nil
    ) throws -> String {
        let absolute = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (absolute as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        let key = seed ?? path
        let frequency = 150 + Double(SeededRandom.hash(key) % 1500)
        var random = SeededRandom(seed: 7, stream: key)
        let frames = Int(seconds * Double(rate))
        var samples = [Float](repeating: 0, count: frames * channels)
        for n in 0..<frames {
            let tone = 0.4 * sin(2 * Double.pi * frequency * Double(n) / Double(rate))
            for c in 0..<channels { samples[n * channels + c] = Float(tone + 0.05 * (random.nextUnit() - 0.5)) }
        }
        try SoundFile.write(samples, channels: channels, sampleRate: rate, format: format, to: absolute)
        return absolute
    }

    /// Writes a text file exactly as given (no line-ending conversion).
    @discardableResult
    public func text(_ path: String, _ contents: String) throws -> String {
        try bytes(path, Array(contents.utf8))
    }

    @discardableResult
    public func bytes(_ path: String, _ contents: [UInt8]) throws -> String {
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (absolute as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(contents).write(to: URL(fileURLWithPath: absolute))
        return absolute
    }

    /// Writes the recipe: `corpus` is the body of one `[[corpus]]` table (`name`, `kind`, and the
    /// kind's keys; `root = "corpus"` is added), `rest` any further tables. Features are small
    /// (8 kHz, 32 bands) so builds take about a second.
    public func writeRecipe(
        corpus: String, _ rest: String = "", clips: String = "length_seconds = 0.5\ncrop = \"start\""
    ) throws {
        let text = """
            name = "fixture"
            seed = 3

            [[corpus]]
            root = "corpus"
            \(corpus)

            [clips]
            \(clips)

            [features]
            preset = "librosa"
            sample_rate = 8000
            n_fft = 256
            hop_length = 128
            n_mels = 32

            [shards]
            clips_per_shard = 16

            \(rest)
            """
        try text.write(toFile: recipe, atomically: true, encoding: .utf8)
    }

    /// Runs `melshard build RECIPE --out OUT --json` (plus `extra`) as a real subprocess.
    public func build(_ extra: [String] = []) throws -> Melshard.Outcome {
        try Melshard.run(["build", recipe, "--out", output, "--json"] + extra)
    }
}
