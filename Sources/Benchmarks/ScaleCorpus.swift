import Dispatch
import Foundation
import MelshardCore

/// The corpora of `melshard bench scale`: an MTG-Jamendo-like and a Common-Voice-like corpus of
/// study 000's shape, in the native layouts melshard's readers expect (docs/corpora.md), with
/// tiny MP3s so that a run measures planning and indexing rather than decoding.
///
/// Layout under `root`:
///
/// ```
/// jamendo/data/raw_30s_cleantags_50artists.tsv   the ragged TSV, CRLF, tags sorted per row
/// jamendo/data/autotagging.tsv -> raw_30s_cleantags_50artists.tsv   (a symbolic link, as in git)
/// jamendo/audio/NN/ID.mp3                        NN = ID mod 100
/// common-voice/en/validated.tsv                  the 13-column v17+ header, LF, unquoted
/// common-voice/en/clips/common_voice_en_N.mp3
/// stop-words.txt                                 the genre names (study 000's recipe does the same)
/// .scale-corpus.json                             the shape and summary; a corpus with the same shape is reused
/// ```
public struct ScaleCorpus: Sendable {
    public var root: String
    public var shape: ScaleCorpusShape

    public init(root: String, shape: ScaleCorpusShape) {
        self.root = root
        self.shape = shape
    }

    public var jamendoRoot: String { root + "/jamendo" }
    public var commonVoiceRoot: String { root + "/common-voice/en" }
    public var stopWordsPath: String { root + "/stop-words.txt" }
    var markerPath: String { root + "/.scale-corpus.json" }

    /// Sentence recordings last 0.5 to 0.9 s (longer sentences get longer ones), tracks 1 s.
    public static let sentenceSeconds = [0.5, 0.6, 0.7, 0.8, 0.9]
    public static let trackSeconds = 1.0

    /// Writes the corpus, or reuses the one already there when its marker records the same shape.
    public func generate(log: (String) -> Void) throws -> ScaleGeneration {
        if let data = FileManager.default.contents(atPath: markerPath),
            let previous = try? JSONDecoder().decode(ScaleGeneration.self, from: data), previous.shape == shape
        {
            var reused = previous
            reused.reused = true
            return reused
        }
        let started = ContinuousClock.now
        let fm = FileManager.default
        try? fm.removeItem(atPath: markerPath)
        for folder in [jamendoRoot + "/data", jamendoRoot + "/audio", commonVoiceRoot + "/clips"] {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for nn in 0..<100 {
            try fm.createDirectory(
                atPath: jamendoRoot + "/audio/" + String(format: "%02d", nn), withIntermediateDirectories: true)
        }
        let audio = try ScaleAudio.encode(
            lengths: Self.sentenceSeconds + [Self.trackSeconds], sampleRate: shape.sampleRate, folder: root)
        let names = ScaleNames(seed: shape.seed, words: shape.vocabulary, genres: ScaleCorpusShape.genreCount)
        try Data((names.genres.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: stopWordsPath))

        log("writing the Jamendo-like manifest (\(shape.tracks) tracks)")
        let jamendo = ScaleJamendoRows(shape: shape, genres: names.genres)
        try jamendo.manifest.write(to: URL(fileURLWithPath: jamendoRoot + "/data/raw_30s_cleantags_50artists.tsv"))
        let link = jamendoRoot + "/data/autotagging.tsv"
        try? fm.removeItem(atPath: link)
        try fm.createSymbolicLink(atPath: link, withDestinationPath: "raw_30s_cleantags_50artists.tsv")

        log("writing the Common-Voice-like validated.tsv (\(shape.sentences) sentences)")
        let voice = ScaleCommonVoiceRows(shape: shape, words: names.words)
        try voice.manifest.write(to: URL(fileURLWithPath: commonVoiceRoot + "/validated.tsv"))

        log("writing \(shape.tracks + shape.sentences) tiny MP3s")
        let trackBase = audio.bases.count - 1
        let jamendoRoot = self.jamendoRoot, voiceRoot = commonVoiceRoot
        try Self.parallel(shape.tracks) { i in
            try audio.write(
                base: trackBase, title: "melshard scale track \(i)", to: jamendoRoot + "/audio/" + jamendo.paths[i])
        }
        try Self.parallel(shape.sentences) { i in
            try audio.write(
                base: voice.bases[i], title: "melshard scale sentence \(i)",
                to: voiceRoot + "/clips/" + ScaleCommonVoiceRows.clipName(i))
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let generation = ScaleGeneration(
            shape: shape, reused: false, files: shape.tracks + shape.sentences, seconds: seconds,
            tracksWithoutGenre: jamendo.tracksWithoutGenre, audioBytes: Self.audioBytes(audio, jamendo, voice))
        try JSONEncoder().encode(generation).write(to: URL(fileURLWithPath: markerPath))
        return generation
    }

    private static func audioBytes(
        _ audio: ScaleAudio, _ jamendo: ScaleJamendoRows, _ voice: ScaleCommonVoiceRows
    )
        -> Int64
    {
        // Each copy is its base plus a tag of a few dozen bytes.
        var total = Int64(jamendo.paths.count) * Int64(audio.bases.last!.count + 40)
        for base in voice.bases { total += Int64(audio.bases[base].count + 40) }
        return total
    }

    /// Runs `body(i)` for every i in 0..<count on every core, in chunks; rethrows the first error.
    static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let chunk = 4096
        let chunks = (count + chunk - 1) / chunk
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                do { try body(i) } catch {
                    failure.record(error)
                    return
                }
            }
        }
        if let error = failure.error { throw error }
    }
}

/// What to generate. The defaults are study 000's corpora: MTG-Jamendo's autotagging TSV holds
/// about 55,000 tracks, and the study draws its words from about a million Common Voice sentences.
public struct ScaleCorpusShape: Sendable, Codable, Equatable {
    public var tracks: Int
    public var sentences: Int
    /// Distinct words the sentences are drawn from.
    public var vocabulary: Int
    public var sampleRate: Int
    public var seed: UInt64

    /// MTG-Jamendo's genre tags (95 in autotagging_genre.tsv).
    public static let genreCount = 95
    public static let studyTracks = 55_000
    public static let studySentences = 1_000_000

    public init(
        tracks: Int = studyTracks, sentences: Int = studySentences, vocabulary: Int = 20_000,
        sampleRate: Int = 16_000, seed: UInt64 = 2026
    ) {
        self.tracks = tracks
        self.sentences = sentences
        self.vocabulary = vocabulary
        self.sampleRate = sampleRate
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case tracks, sentences, vocabulary, sampleRate = "sample_rate", seed
    }

    /// Whether this is the study's size: the goals are judged only there.
    public var isStudySize: Bool { tracks >= Self.studyTracks && sentences >= Self.studySentences }
}

/// How a generation went; also the corpus's marker file.
public struct ScaleGeneration: Sendable, Codable {
    public var shape: ScaleCorpusShape
    /// True when an earlier run's corpus of the same shape was used as it was.
    public var reused: Bool
    public var files: Int
    /// Wall time of the generation that wrote the corpus (also when it is reused).
    public var seconds: Double
    /// Tracks with instrument or mood tags only: the reader rejects them as `no-selected-tag`.
    public var tracksWithoutGenre: Int
    public var audioBytes: Int64

    public init(
        shape: ScaleCorpusShape, reused: Bool, files: Int, seconds: Double, tracksWithoutGenre: Int, audioBytes: Int64
    ) {
        self.shape = shape
        self.reused = reused
        self.files = files
        self.seconds = seconds
        self.tracksWithoutGenre = tracksWithoutGenre
        self.audioBytes = audioBytes
    }

    enum CodingKeys: String, CodingKey {
        case shape, reused, files, seconds, tracksWithoutGenre = "tracks_without_genre", audioBytes = "audio_bytes"
    }
}

/// The first error of a parallel loop.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ error: Error) {
        lock.withLock { if self.error == nil { self.error = error } }
    }
}
