import EspeakNG
import Foundation
import MelshardCore
import PocketSphinx

/// pocketsphinx's acoustic model places the sentence's words: a grammar of exactly those words,
/// in order, with optional silence and fillers between them, decoded on the 16-kHz recording.
///
/// A word missing from the model's dictionary is pronounced by espeak-ng and its IPA phonemes
/// mapped onto the model's phones (`ARPAbetMapping`). The search runs at a narrow beam first and
/// retries wider (`beams`) when it does not reach the grammar's end, as MFA's retry beam does:
/// fast spontaneous speech fell off the default beam, and 1e-80 or 1e-150 recovered it on the
/// research set (docs/align.md). Nil means the sentence could not be aligned: the model is not
/// installed, a word cannot be pronounced, or no beam reaches the end; the caller falls back.
struct ForcedAligner {
    /// The beams tried in turn (`-beam`, `-pbeam`, `-wbeam`); 1e-48 is pocketsphinx's default.
    static let beams = [1e-48, 1e-80, 1e-150]

    var model: AcousticModel
    /// Pronounces out-of-dictionary words.
    var speaker: Speaker

    /// What a forced alignment gives: each word's span and acoustic score, and how many words
    /// were pronounced by espeak-ng.
    struct Result {
        var words: [AlignedWord]
        var outOfDictionary: Int
        var beam: Double
    }

    /// Aligns `tokens` on `audio` (mono, at the model's rate); nil when it cannot.
    func align(tokens: [Token], audio: [Float]) throws(AlignError) -> Result? {
        let pcm = audio.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
        let words = tokens.map(\.text)
        // A model that is not installed cannot align anything: every sentence falls back.
        guard model.missingFiles == nil else { return nil }
        let ladder = Self.ladders.ladder(for: model)
        do throws(PocketSphinxError) {
            let model = self.model
            let make: () throws(PocketSphinxError) -> DecoderSet = { DecoderSet(model: model) }
            let body: (DecoderSet) throws(PocketSphinxError) -> Result? = { set throws(PocketSphinxError) in
                try self.align(words, pcm, with: set)
            }
            return try ladder.pool.borrow(make: make, body)
        } catch {
            throw AlignError(.signal("\(error)"), context: words.joined(separator: " "))
        }
    }

    private func align(_ words: [String], _ pcm: [Int16], with set: DecoderSet) throws(PocketSphinxError) -> Result? {
        // Words the dictionary lacks, pronounced once per decoder set and added to each decoder.
        var unknown: [String] = []
        var seen: Set<String> = []
        for word in words where seen.insert(word).inserted {
            if set.spoken[word] != nil {
                unknown.append(word)
            } else if try set.decoder(0, beam: Self.beams[0]).pronunciation(of: word) == nil {
                guard let phones = pronounce(word) else { return nil }
                set.spoken[word] = phones
                unknown.append(word)
            }
        }
        for (index, beam) in Self.beams.enumerated() {
            let decoder = try set.decoder(index, beam: beam)
            for word in unknown { try set.add(word, to: index) }
            if let placed = try decoder.align(words: words, samples: pcm) {
                return Result(words: placed, outOfDictionary: unknown.count, beam: beam)
            }
        }
        return nil
    }

    /// espeak-ng's phonemes for `word` as the model's phones; nil when one has no mapping.
    private func pronounce(_ word: String) -> [String]? {
        guard let phonemes = try? speaker.phonemes(of: word) else { return nil }
        return ARPAbetMapping.phones(phonemes)
    }

    /// Decoders live process-wide, one set per model per thread at a time: loading one costs
    /// 0.15–0.35 s, and a build aligns thousands of sentences.
    private static let ladders = Ladders()
}

/// The decoders of one model, lent to one thread at a time.
private final class DecoderLadder: Sendable {
    let pool = LendingPool<DecoderSet>()
}

private final class Ladders: @unchecked Sendable {
    private let lock = NSLock()
    private var byModel: [AcousticModel: DecoderLadder] = [:]

    func ladder(for model: AcousticModel) -> DecoderLadder {
        lock.withLock {
            if let ladder = byModel[model] { return ladder }
            let ladder = DecoderLadder()
            byModel[model] = ladder
            return ladder
        }
    }
}

/// One decoder per beam, made the first time that beam is needed, and the words added to them.
private final class DecoderSet {
    let model: AcousticModel
    private var decoders: [Int: Decoder] = [:]
    /// Out-of-dictionary words and the phones they were given.
    var spoken: [String: [String]] = [:]
    private var added: [Int: Set<String>] = [:]

    /// Adds a word of `spoken` to decoder `index` once.
    func add(_ word: String, to index: Int) throws(PocketSphinxError) {
        guard let phones = spoken[word], let decoder = decoders[index], !added[index, default: []].contains(word)
        else { return }
        try decoder.addWord(word, phones: phones)
        added[index, default: []].insert(word)
    }

    init(model: AcousticModel) { self.model = model }

    func decoder(_ index: Int, beam: Double) throws(PocketSphinxError) -> Decoder {
        if let decoder = decoders[index] { return decoder }
        let decoder = try Decoder(model: model, beam: beam)
        decoders[index] = decoder
        return decoder
    }
}
