import Foundation

/// One clip of the benchmark corpus with its true word timings (a line of `truth.jsonl`).
public struct BenchmarkClip: Codable, Sendable {
    /// Relative to the corpus directory (`clips/…mp3`); `validated.tsv` holds the file name alone, as
    /// Common Voice's `path` column does.
    public var path: String
    public var sentence: String
    /// `espeak-ng:<voice>` or `festival:kal`.
    public var synthesizer: String
    /// Words per minute (espeak-ng) or festival's Duration_Stretch.
    public var rate: Double
    public var leadingSilence: Double
    public var trailingSilence: Double
    public var snrDB: Double
    /// "click", "breath" or nil.
    public var artefact: String?
    /// One entry per token of the sentence; nil where the synthesiser gave no timing of its own.
    public var words: [TrueWord?]
}

/// A word's true position, in seconds of the MP3 as decoded gaplessly.
public struct TrueWord: Codable, Sendable {
    public var word: String
    public var start: Double
    public var end: Double
}

/// A benchmark corpus on disk: `validated.tsv` (Common Voice's columns), `clips/*.mp3`,
/// `truth.jsonl`, and `generator.json` (the settings and the measured MP3 decoder offset).
public struct BenchmarkCorpus: Sendable {
    public var directory: String
    public var clips: [BenchmarkClip]

    public static func load(_ directory: String) throws(AlignError) -> BenchmarkCorpus {
        let path = "\(directory)/truth.jsonl"
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw AlignError(
                .corpus(path: path, reason: "cannot read (run `melshard align generate` first)"), context: path)
        }
        var clips: [BenchmarkClip] = []
        for (n, line) in text.split(separator: "\n").enumerated() {
            do { clips.append(try JSONDecoder().decode(BenchmarkClip.self, from: Data(line.utf8))) } catch {
                throw AlignError(.corpus(path: path, reason: "line \(n + 1): \(error)"), context: path)
            }
        }
        return BenchmarkCorpus(directory: directory, clips: clips)
    }
}
