import MelshardCore

/// Sentences for the alignment benchmark, built from templates with a seeded generator.
///
/// They imitate Common Voice's read sentences: 5–16 words, commas, the odd apostrophe (straight
/// or curly), a year or a small number, a hyphenated word, and the nouns and verbs of Kell et
/// al.'s word task. The text is ASCII apart from curly apostrophes, which festival cannot read;
/// `FestivalVoice` straightens them before synthesis.
enum BenchmarkSentences {
    static let nouns = [
        "house", "water", "music", "children", "city", "river", "money", "country", "morning",
        "family", "letter", "garden", "window", "story", "mountain", "village", "doctor",
        "teacher", "market", "station", "history", "island", "forest", "machine", "picture",
        "kitchen", "business", "problem", "language", "weather", "government", "friend",
        "question", "evening", "summer", "winter", "student", "building", "company", "police",
    ]
    static let adjectives = [
        "small", "old", "beautiful", "quiet", "famous", "different", "important", "early",
        "large", "dangerous", "happy", "strange", "simple", "local", "modern", "yellow",
    ]
    static let verbs = [
        "visited", "found", "opened", "remembered", "followed", "described", "painted",
        "destroyed", "protected", "bought", "watched", "carried", "discovered", "repaired",
    ]
    static let names = ["Maria", "John", "O'Brien", "Anna", "Peter", "Sophie", "Daniel", "Elena"]
    static let adverbs = ["quickly", "again", "yesterday", "together", "finally", "carefully", "never", "often"]
    static let places = [
        "near the river", "in the morning", "after the war", "across the street",
        "before the storm", "during the summer", "behind the station", "at the market",
    ]
    static let hyphenated = ["well-known", "old-fashioned", "twenty-one", "long-term", "self-made"]

    static func make(count: Int, seed: UInt64) -> [String] {
        var rng = SeededRandom(seed: seed, stream: "align-benchmark-sentences")
        func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        func chance(_ p: Double) -> Bool { rng.nextUnit() < p }
        var result: [String] = []
        for _ in 0..<count {
            var words: [String] = []
            switch rng.next() % 6 {
            case 0:
                words = ["The", pick(adjectives), pick(nouns), pick(verbs), "the", pick(nouns), pick(places) + "."]
            case 1:
                words = [
                    pick(names), pick(adverbs), pick(verbs), "a", pick(adjectives), pick(nouns) + ",",
                    "and", "the", pick(nouns), "was", pick(adjectives) + ".",
                ]
            case 2:
                let year = 1900 + Int(rng.next() % 120)
                words = [
                    "In", "\(year)", "the", pick(nouns), "of", "the", pick(nouns), "became", pick(adjectives) + ".",
                ]
            case 3:
                let apostrophe = chance(0.5) ? "\u{2019}" : "'"
                words = [
                    "We", "didn\(apostrophe)t", "know", "the", pick(nouns), pick(verbs), "a",
                    pick(hyphenated), pick(nouns), pick(places) + ".",
                ]
            case 4:
                let n = 2 + Int(rng.next() % 18)
                words = [
                    "There", "were", "\(n)", pick(nouns), "in", "the", pick(adjectives), pick(nouns) + ",",
                    "but", "nobody", pick(verbs), "them", pick(adverbs) + ".",
                ]
            default:
                words = ["My", pick(nouns) + "'s", pick(nouns), "is", pick(adjectives), "and", pick(adjectives) + "."]
            }
            result.append(words.joined(separator: " "))
        }
        return result
    }
}
