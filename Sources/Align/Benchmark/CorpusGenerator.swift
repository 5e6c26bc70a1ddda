import AudioDSP
import EspeakNG
import Foundation
import MelshardCore
import SoundFile

/// Makes a Common-Voice-style corpus with true word timings, for `melshard align evaluate`.
///
/// Each sentence is read by espeak-ng (through libespeak-ng, several English voices, 130–230
/// words a minute, varied pitch) or festival (the kal voice, Duration_Stretch 0.8–1.3),
/// alternately. The synthesis is resampled to 48 kHz; 0.2–2.5 s of leading and 0.3–1.5 s of
/// trailing silence are added; a click (30 %) or a breath (25 %) may sit in the leading
/// silence; Gaussian noise is added at 10–35 dB SNR (against the speech's RMS); and the result
/// is written as 48 kHz MP3 by libsndfile (LAME). True word times are the synthesiser's own,
/// shifted by the leading silence.
///
/// MP3 encoder delay: LAME puts 1105 samples of priming (its 576-sample delay plus the decoder's
/// 529) before the signal and records it in the LAME tag; a decoder that ignores the tag shifts
/// everything by about 23 ms at 48 kHz (about 50 ms at lower rates with longer frames). The
/// generator encodes a calibration click, decodes it with melshard's own loader and records the
/// measured offset in `generator.json`; truth times are then shifted by that offset, so they refer
/// to the audio exactly as melshard decodes it.
public struct CorpusGenerator: Sendable {
    public var sentences: Int
    public var seed: UInt64
    /// Voices espeak-ng reads with. The aligner's own reference voice (`en-us`) is deliberately
    /// among the rarer ones, so the benchmark does not flatter `synthesized`.
    public var espeakVoices = ["en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-us"]
    public var includeFestival = true

    public init(sentences: Int, seed: UInt64 = 1) {
        self.sentences = sentences
        self.seed = seed
    }

    public static let outputRate = 48_000

    /// Writes the corpus into `directory` (created if needed) and returns its clips.
    public func generate(
        into directory: String, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(AlignError) -> BenchmarkCorpus {
        let clipsDirectory = "\(directory)/clips"
        let work = "\(directory)/.work"
        do {
            try FileManager.default.createDirectory(atPath: clipsDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw AlignError(.corpus(path: directory, reason: "cannot create: \(error)"), context: directory)
        }
        defer { try? FileManager.default.removeItem(atPath: work) }
        let offset = try Self.measureDecoderOffset(work: work)

        let texts = BenchmarkSentences.make(count: sentences, seed: seed)
        var rng = SeededRandom(seed: seed, stream: "align-benchmark-mix")
        let useFestival = (0..<sentences).map { includeFestival && $0 % 2 == 1 }
        let festivalIndices = texts.indices.filter { useFestival[$0] }
        let stretches = festivalIndices.map { _ in 0.8 + 0.5 * rng.nextUnit() }
        let festival =
            festivalIndices.isEmpty
            ? []
            : try FestivalVoice.synthesize(festivalIndices.map { texts[$0] }, stretches: stretches, directory: work)

        var clips: [BenchmarkClip] = []
        var tsv = "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccents\tlocale\tsegment\n"
        for (i, text) in texts.enumerated() {
            progress(i, texts.count)
            let tokens = Tokenizer.tokenize(text)
            var speech: [Float]
            var rate: Int
            var truth: [TimeSpan?]
            var synthesizer: String
            var speed: Double
            if let f = festivalIndices.firstIndex(of: i) {
                let utterance = festival[f]
                let audio: DecodedAudio
                do { audio = try AudioLoader(targetRate: nil).load(utterance.wavePath) } catch {
                    throw AlignError(.synthesis("\(error)"), context: utterance.wavePath)
                }
                (speech, rate) = (audio.samples, audio.sampleRate)
                truth = Self.festivalTruth(text: text, tokens: tokens, chunks: utterance.chunks)
                synthesizer = "festival:kal"
                speed = stretches[f]
            } else {
                let voice = espeakVoices[Int(rng.next() % UInt64(espeakVoices.count))]
                let wpm = 130 + Int(rng.next() % 101)
                let pitch = 30 + Int(rng.next() % 41)
                let synthesis: Synthesis
                do { synthesis = try Speaker(voice: voice, wordsPerMinute: wpm, pitch: pitch).synthesize(text) } catch {
                    throw AlignError(.synthesis("\(error)"), context: text)
                }
                (speech, rate) = (synthesis.samples, synthesis.sampleRate)
                let timeline = SyntheticTimeline.timeline(of: synthesis, sentence: text, tokens: tokens)
                truth = zip(timeline.spans, timeline.measured).map { $1 ? $0 : nil }
                synthesizer = "espeak-ng:\(voice)"
                speed = Double(wpm)
            }
            speech = try Self.resample(speech, from: rate, to: Self.outputRate)
            let mix = Mixer.mix(speech, sampleRate: Self.outputRate, rng: &rng)
            let name = String(format: "align_%05d.mp3", i)
            do {
                try SoundFile.write(
                    mix.samples, sampleRate: Self.outputRate, format: .mp3, to: "\(clipsDirectory)/\(name)")
            } catch {
                throw AlignError(.corpus(path: name, reason: "\(error)"), context: name)
            }
            let words = zip(tokens, truth).map { token, span in
                span.map {
                    TrueWord(
                        word: token.text, start: $0.start + mix.leadingSilence + offset,
                        end: $0.end + mix.leadingSilence + offset)
                }
            }
            clips.append(
                BenchmarkClip(
                    path: "clips/\(name)", sentence: text, synthesizer: synthesizer, rate: speed,
                    leadingSilence: mix.leadingSilence, trailingSilence: mix.trailingSilence,
                    snrDB: mix.snrDB, artefact: mix.artefact, words: words))
            // Common Voice's path column holds the file name alone, relative to clips/.
            tsv += "\(synthesizer)\t\(name)\t\(text)\t2\t0\t\t\t\ten\t\n"
        }
        progress(texts.count, texts.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var lines = ""
        for clip in clips {
            lines += String(decoding: (try? encoder.encode(clip)) ?? Data(), as: UTF8.self) + "\n"
        }
        let settings: [String: String] = [
            "sentences": "\(sentences)", "seed": "\(seed)", "sample_rate": "\(Self.outputRate)",
            "decoder_offset_seconds": String(format: "%.6f", offset),
            "espeak_voices": espeakVoices.joined(separator: ","), "festival": "\(includeFestival)",
        ]
        do {
            try tsv.write(toFile: "\(directory)/validated.tsv", atomically: true, encoding: .utf8)
            try lines.write(toFile: "\(directory)/truth.jsonl", atomically: true, encoding: .utf8)
            try String(decoding: encoder.encode(settings), as: UTF8.self)
                .write(toFile: "\(directory)/generator.json", atomically: true, encoding: .utf8)
        } catch {
            throw AlignError(.corpus(path: directory, reason: "cannot write: \(error)"), context: directory)
        }
        return BenchmarkCorpus(directory: directory, clips: clips)
    }

    /// festival's per-chunk words mapped onto the sentence's tokens: a chunk that is one token
    /// takes the span of all its words ("1999"); a chunk of n tokens with n words maps one to one
    /// ("well-known"); anything else stays untimed.
    static func festivalTruth(
        text: String, tokens: [Token], chunks: [(name: String, words: [(Double, Double)])]
    ) -> [TimeSpan?] {
        var result = [TimeSpan?](repeating: nil, count: tokens.count)
        // Whitespace chunks of the text that hold at least one token, with their tokens' indices.
        var groups: [[Int]] = []
        var chunkIndex = -1
        var lastChunk = -1
        let chars = Array(text)
        var chunkOf = [Int](repeating: 0, count: chars.count)
        for (k, c) in chars.enumerated() {
            if !c.isWhitespace && (k == 0 || chars[k - 1].isWhitespace) { chunkIndex += 1 }
            chunkOf[k] = chunkIndex
        }
        for (t, token) in tokens.enumerated() {
            let chunk = chunkOf[token.span.lowerBound]
            if chunk != lastChunk { groups.append([]); lastChunk = chunk }
            groups[groups.count - 1].append(t)
        }
        guard groups.count == chunks.count else { return result }
        for (group, chunk) in zip(groups, chunks) {
            if group.count == 1 {
                result[group[0]] = TimeSpan(start: chunk.words.first!.0, end: chunk.words.last!.1)
            } else if group.count == chunk.words.count {
                for (t, w) in zip(group, chunk.words) { result[t] = TimeSpan(start: w.0, end: w.1) }
            }
        }
        return result
    }

    static func resample(_ samples: [Float], from rate: Int, to target: Int) throws(AlignError) -> [Float] {
        if rate == target { return samples }
        return try AlignmentFeatures.resampled(samples, from: rate, to: target)
    }

    /// Encodes a click at a known sample as 48 kHz MP3, decodes it with `AudioLoader`, and returns
    /// where the click came out minus where it went in, in seconds.
    static func measureDecoderOffset(work: String) throws(AlignError) -> Double {
        let rate = outputRate
        var signal = [Float](repeating: 0, count: rate)
        let at = rate / 2
        for k in 0..<48 { signal[at + k] = Float(0.8 * sin(Double(k) * .pi / 48)) * (k % 2 == 0 ? 1 : -1) }
        let path = "\(work)/calibration.mp3"
        let decoded: [Float]
        do {
            try SoundFile.write(signal, sampleRate: rate, format: .mp3, to: path)
            decoded = try AudioLoader(targetRate: nil).load(path).samples
        } catch {
            throw AlignError(.corpus(path: path, reason: "MP3 calibration failed: \(error)"), context: path)
        }
        // Cross-correlate the click with the decoded signal over ±100 ms.
        var best = (lag: 0, score: -Double.infinity)
        for lag in -rate / 10...rate / 10 {
            var score = 0.0
            for k in 0..<48 where at + k + lag >= 0 && at + k + lag < decoded.count {
                score += Double(signal[at + k]) * Double(decoded[at + k + lag])
            }
            if score > best.score { best = (lag, score) }
        }
        return Double(best.lag) / Double(rate)
    }
}
