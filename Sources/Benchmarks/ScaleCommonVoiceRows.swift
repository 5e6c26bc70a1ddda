import Foundation
import MelshardCore

/// The Common-Voice-like corpus's `validated.tsv`: one row per sentence recording, with the
/// 13-column header of releases 17 and later, unquoted, LF line endings, as docs/corpora.md
/// describes the real files.
///
/// Sentences are 4 to 12 words drawn from a Zipf distribution (exponent 1) over the vocabulary,
/// so word counts fall off with rank as in real text: over a million sentences the 467th most
/// frequent word has about 1,600 occurrences, so study 000's selection (`top_k = 467`,
/// `min_occurrences = 400`) finds its 467 words, the most frequent few dozen have more than
/// 15,000 (a subset is taken) and the rest are filled up by jitter. Speakers (`client_id`, the
/// group that keeps a speaker in one split) are Zipf-distributed too, one per 12 sentences on
/// average, as a few speakers record much of Common Voice.
struct ScaleCommonVoiceRows: Sendable {
    static let header = [
        "client_id", "path", "sentence_id", "sentence", "sentence_domain", "up_votes", "down_votes", "age", "gender",
        "accents", "variant", "locale", "segment",
    ]

    var manifest: Data
    /// Which `ScaleAudio` base each sentence's recording copies: longer sentences, longer audio.
    var bases: [Int]

    static func clipName(_ i: Int) -> String { "common_voice_en_\(10_000_000 + i).mp3" }

    init(shape: ScaleCorpusShape, words: [String]) {
        let wordDistribution = ScaleZipf(count: words.count, exponent: 1.0)
        let speakers = ScaleZipf(count: max(1, shape.sentences / 12), exponent: 0.9)
        var random = SeededRandom(seed: shape.seed, stream: "scale-common-voice")
        var text = [UInt8]()
        text.reserveCapacity(shape.sentences * 260)
        text.append(contentsOf: Self.header.joined(separator: "\t").utf8)
        text.append(10)
        var bases = [Int]()
        bases.reserveCapacity(shape.sentences)
        let wordBytes = words.map { Array($0.utf8) }
        let tail = Array("\t\t2\t0\t\t\t\t\ten\t\n".utf8)
        for i in 0..<shape.sentences {
            let speaker = speakers.draw(&random)
            text.append(contentsOf: Self.hex(seed: shape.seed, stream: "speaker \(speaker)", words: 8).utf8)
            text.append(9)
            text.append(contentsOf: Self.clipName(i).utf8)
            text.append(9)
            text.append(contentsOf: Self.hex(seed: shape.seed, stream: "sentence \(i)", words: 4).utf8)
            text.append(9)
            let count = 4 + Int(random.next() % 9)
            for k in 0..<count {
                var word = wordBytes[wordDistribution.draw(&random)]
                if k == 0 { word[0] -= 32 }  // capitalised, as a sentence starts
                text.append(contentsOf: word)
                if k == count - 1 {
                    text.append(UInt8(ascii: "."))
                } else {
                    if random.next() % 10 == 0 { text.append(UInt8(ascii: ",")) }
                    text.append(32)
                }
            }
            text.append(contentsOf: tail)
            bases.append(min(ScaleCorpus.sentenceSeconds.count - 1, (count - 4) / 2))
        }
        manifest = Data(text)
        self.bases = bases
    }

    /// `words` × 16 hex digits from a seeded stream: a client_id (128 digits, as recent releases
    /// have) or a sentence_id.
    static func hex(seed: UInt64, stream: String, words: Int) -> String {
        var random = SeededRandom(seed: seed, stream: stream)
        return (0..<words).map { _ in
            let value = String(random.next(), radix: 16)
            return String(repeating: "0", count: 16 - value.count) + value
        }.joined()
    }
}
