import MelshardCore

/// Pronounceable made-up words for the scale corpora: the sentences' vocabulary and the genre
/// names, all distinct, lower-case ASCII letters only (so melshard's tokenizer takes each whole).
/// Drawn once from a seeded stream: the same seed gives the same words.
public struct ScaleNames: Sendable {
    /// By rank: `words[0]` is the most frequent word of the sentences.
    public var words: [String]
    /// By popularity: `genres[0]` is the tag on the most tracks.
    public var genres: [String]

    static let consonants = Array("bdfgklmnprstvz")
    static let vowels = Array("aeiou")

    public init(seed: UInt64, words: Int, genres: Int) {
        var random = SeededRandom(seed: seed, stream: "scale-names")
        var seen: Set<String> = []
        var names: [String] = []
        names.reserveCapacity(words + genres)
        while names.count < words + genres {
            // One to four consonant-vowel syllables, short ones more often, as in running text.
            let syllables = 1 + Int(random.next() % 4)
            var name = ""
            for _ in 0..<syllables {
                name.append(Self.consonants[Int(random.next() % UInt64(Self.consonants.count))])
                name.append(Self.vowels[Int(random.next() % UInt64(Self.vowels.count))])
            }
            if seen.insert(name).inserted { names.append(name) }
        }
        self.words = Array(names.prefix(words))
        self.genres = Array(names.suffix(genres))
    }
}
