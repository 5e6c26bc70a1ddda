import EspeakNG
import Foundation
import MelshardCore

/// Where `synthesized` gets its reference reading of a sentence.
///
/// libespeak-ng carries state from one utterance to the next, so in one long-lived process the
/// same sentence comes out a little differently depending on what was read before it, and the
/// order sentences are aligned in depends on the thread count. A build must give the same bytes
/// whatever that order, so it reads each sentence in a fresh process (`melshard align
/// synthesize`, about 20 ms); the benchmark and tests may read in-process.
public enum ReferenceVoice: Sendable {
    case inProcess(Speaker)
    /// `executable align synthesize …`, one process per sentence.
    case isolated(executable: String, speaker: Speaker)

    public var speaker: Speaker {
        switch self {
        case .inProcess(let s), .isolated(_, let s): s
        }
    }

    func synthesize(_ text: String) throws(AlignError) -> Synthesis {
        switch self {
        case .inProcess(let speaker):
            do { return try speaker.synthesize(text) } catch { throw AlignError(.synthesis("\(error)"), context: text) }
        case .isolated(let executable, let speaker):
            return try Self.synthesizeInChild(text, executable: executable, speaker: speaker)
        }
    }

    /// The default voice (en-us, espeak-ng's rate and pitch) read in a fresh process each time.
    public static func isolated(executable: String) -> ReferenceVoice {
        .isolated(executable: executable, speaker: Speaker(voice: "en-us"))
    }

    /// What `melshard align synthesize` does in its fresh process: read `text`, return the wire bytes.
    public static func readAloud(
        _ text: String, voice: String, wordsPerMinute: Int, pitch: Int
    ) throws(AlignError) -> [UInt8] {
        try SynthesisWire.encode(
            ReferenceVoice.inProcess(Speaker(voice: voice, wordsPerMinute: wordsPerMinute, pitch: pitch)).synthesize(
                text))
    }

    /// The arguments of `melshard align synthesize` for a speaker.
    public static func arguments(_ speaker: Speaker) -> [String] {
        [
            "align", "synthesize", "--voice", speaker.voice, "--words-per-minute", String(speaker.wordsPerMinute),
            "--pitch", String(speaker.pitch),
        ]
    }

    private static func synthesizeInChild(
        _ text: String, executable: String, speaker: Speaker
    ) throws(AlignError) -> Synthesis {
        let run: ChildRun
        do throws(ChildProcessError) {
            run = try ChildProcess(executable, arguments(speaker), standardInput: .data(Data(text.utf8))).run()
        } catch {
            throw AlignError(.synthesis(error.description), context: text)
        }
        guard let synthesis = SynthesisWire.decode([UInt8](run.stdout)) else {
            let message = "\(run.commandLine) wrote \(run.stdout.count) bytes that are not a whole synthesis"
            throw AlignError(.synthesis(message + ": " + run.stderrTail()), context: text)
        }
        return synthesis
    }
}

/// The bytes `melshard align synthesize` writes: little-endian sample rate, sample count,
/// float32 samples, word count, then per word its character offset, length and start sample.
public enum SynthesisWire {
    public static func encode(_ s: Synthesis) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + 4 * s.samples.count + 12 * s.words.count)
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        put(UInt32(s.sampleRate))
        put(UInt32(s.samples.count))
        for x in s.samples { put(x.bitPattern) }
        put(UInt32(s.words.count))
        for w in s.words {
            put(UInt32(bitPattern: Int32(w.characterOffset)))
            put(UInt32(bitPattern: Int32(w.characterCount)))
            put(UInt32(bitPattern: Int32(w.startSample)))
        }
        return out
    }

    /// Nil for bytes that are not a whole message.
    public static func decode(_ bytes: [UInt8]) -> Synthesis? {
        var at = 0
        func next() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            defer { at += 4 }
            return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3])
                << 24
        }
        guard let rate = next(), let count = next(), bytes.count >= 8 + 4 * Int(count) else { return nil }
        var samples = [Float](repeating: 0, count: Int(count))
        for i in samples.indices { samples[i] = Float(bitPattern: next()!) }
        guard let words = next() else { return nil }
        var list: [SynthesizedWord] = []
        for _ in 0..<words {
            guard let offset = next(), let length = next(), let start = next() else { return nil }
            list.append(
                SynthesizedWord(
                    characterOffset: Int(Int32(bitPattern: offset)), characterCount: Int(Int32(bitPattern: length)),
                    startSample: Int(Int32(bitPattern: start))))
        }
        guard at == bytes.count else { return nil }
        return Synthesis(samples: samples, sampleRate: Int(rate), words: list)
    }
}
