import Foundation
import Ingest
import MelshardCore
import SoundFile

/// Writes the demo's two corpora in their native layouts, deterministically: the same
/// settings give the same bytes on every machine.
///
/// - `gtzan/genres/<genre>/<genre>.000NN.au`: 16-bit Sun `.au` at 22050 Hz mono, as the
///   Marsyas archive ships GTZAN (there, 100 clips of 30 s per genre).
/// - `mini_speech_commands/<word>/<speaker>_nohash_<n>.wav`: 16-bit WAV at 16 kHz mono, 1 s,
///   as TensorFlow's mini_speech_commands (which ships no split lists: the hash rule decides).
public struct DemoCorpus: Sendable {
    public var genreClips = 10
    public var genreSeconds = 5.0
    public var speakers = 8
    public var takesPerWord = 2
    public var seed: UInt64 = 7

    public init() {}

    public var genres: [String] { DemoGenre.all.map(\.name) }
    public var words: [String] { DemoWord.all.map(\.name) }
    static let genreRate = 22050
    static let speechRate = 16000

    /// Writes every file under `directory` that is not there yet (a file appears whole or not
    /// at all), so a second run writes nothing and the build after it reuses every unit.
    public func write(to directory: String) throws -> (gtzan: String, speech: String) {
        let gtzan = directory + "/gtzan", speech = directory + "/mini_speech_commands"
        var jobs: [(path: String, render: () -> (samples: [Float], rate: Int, format: AudioFormat))] = []
        for genre in DemoGenre.all {
            for i in 0..<genreClips {
                let name = "\(genre.name).\(String(format: "%05d", i))"
                jobs.append(
                    (
                        gtzan + "/genres/\(genre.name)/\(name).au",
                        {
                            var random = SeededRandom(seed: seed, stream: name)
                            return (
                                GenreSynthesis.render(
                                    genre, seconds: genreSeconds, rate: Self.genreRate, random: &random),
                                Self.genreRate, .au16
                            )
                        }
                    ))
            }
        }
        for speaker in chooseSpeakers() {
            for word in DemoWord.all {
                for take in 0..<takesPerWord {
                    let name = "\(speaker.hash)_nohash_\(take)"
                    jobs.append(
                        (
                            speech + "/\(word.name)/\(name).wav",
                            {
                                var random = SeededRandom(seed: seed, stream: "\(word.name)/\(name)")
                                let samples = FormantSynthesis.render(
                                    word, speaker: speaker, seconds: 1, onset: 0.05 + 0.2 * random.nextUnit(),
                                    rate: Self.speechRate, pitchVariation: 0.94 + 0.12 * random.nextUnit(),
                                    tempoVariation: 0.92 + 0.16 * random.nextUnit(), random: &random)
                                return (samples, Self.speechRate, .wav16)
                            }
                        ))
                }
            }
        }
        let fm = FileManager.default
        var swept: Set<String> = []
        for job in jobs where !fm.fileExists(atPath: job.path) {
            let folder = (job.path as NSString).deletingLastPathComponent
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if swept.insert(folder).inserted { try Self.removeTemporaries(in: folder) }
            let (samples, rate, format) = job.render()
            try Self.write(samples, rate: rate, format: format, to: job.path)
        }
        return (gtzan, speech)
    }

    /// Writes one file through a temporary beside it that is renamed into place, and removed
    /// whatever goes wrong, so a failed write leaves neither a half file nor a temporary.
    private static func write(_ samples: [Float], rate: Int, format: AudioFormat, to path: String) throws {
        let temporary =
            (path as NSString).deletingLastPathComponent + "/" + DurableFile.temporaryPrefix
            + (path as NSString).lastPathComponent + "-\(getpid())"
        do {
            try SoundFile.write(samples, sampleRate: rate, format: format, to: temporary)
            guard rename(temporary, path) == 0 else { throw FileError(path: path, operation: "rename", code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Removes the temporaries a killed run left in `folder`: the caller holds the demo's lock,
    /// so no other run is writing them.
    private static func removeTemporaries(in folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder)
        where name.hasPrefix(DurableFile.temporaryPrefix) {
            unlink(folder + "/" + name)
        }
    }

    /// `speakers` voices with hashes chosen so that TensorFlow's hash rule (10 % validation,
    /// 10 % test) puts one speaker in each of validation and test and the rest in training:
    /// with only eight speakers, random hashes would often leave a split empty.
    func chooseSpeakers() -> [DemoSpeaker] {
        var random = SeededRandom(seed: seed, stream: "speakers")
        var wanted = ["validation": 1, "test": 1, "train": max(1, speakers - 2)]
        var chosen: [(split: String, hash: String)] = []
        while chosen.count < speakers {
            let hash = String(format: "%08x", UInt32(truncatingIfNeeded: random.next()))
            let split = SpeechCommandsHashSplit.split(hash + "_nohash_0.wav", validationPercent: 10, testingPercent: 10)
            guard let left = wanted[split], left > 0 else { continue }
            wanted[split] = left - 1
            chosen.append((split, hash))
        }
        return chosen.enumerated().map { i, c in
            var voice = SeededRandom(seed: seed, stream: "voice/\(c.hash)")
            // Alternate low and high voices so both are in training.
            let high = i % 2 == 1
            return DemoSpeaker(
                hash: c.hash, pitch: high ? 170 + 60 * voice.nextUnit() : 90 + 40 * voice.nextUnit(),
                formantScale: high ? 1.1 + 0.08 * voice.nextUnit() : 0.92 + 0.08 * voice.nextUnit(),
                rate: 0.85 + 0.35 * voice.nextUnit())
        }
    }
}
