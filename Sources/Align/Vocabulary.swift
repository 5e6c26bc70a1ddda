import Foundation

/// How target words are chosen from a corpus of sentences.
public struct VocabularyRule: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Exactly these words (normalised), e.g. from a word-list file.
        case list([String])
        /// The `k` most frequent words (by clip count, ties broken alphabetically).
        case topK(Int)
    }

    public var source: Source
    /// A word needs at least this many clips (occurrences) to be kept; the study used 400.
    public var minimumClips: Int
    /// Words never chosen, whatever their count (normalised like the text).
    public var stopWords: Set<String>

    public init(source: Source, minimumClips: Int = 400, stopWords: Set<String> = []) {
        self.source = source
        self.minimumClips = minimumClips
        self.stopWords = Set(stopWords.map { TextNormalizer.normalize($0) })
    }

    /// Reads a list file: one word per line; blank lines and lines starting with `#` are skipped.
    public static func readWordList(_ path: String) throws(AlignError) -> [String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw AlignError(.unreadableList(path: path, reason: error.localizedDescription), context: path)
        }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { TextNormalizer.normalize($0) }
    }
}

/// One clip to make: a target word at one position in one sentence.
///
/// A sentence with several targets (or one target twice) yields several occurrences; they share
/// the sentence's id, so the planner keeps them in one group and one split.
public struct WordOccurrence: Sendable, Hashable {
    public var sentenceID: String
    public var word: String
    /// Index of the word among the sentence's tokens.
    public var tokenIndex: Int
    public var span: Range<Int>
}

/// The chosen target words and every clip they yield.
public struct Vocabulary: Sendable {
    /// Chosen words, most clips first (ties alphabetical).
    public var words: [String]
    /// Clips per chosen word.
    public var counts: [String: Int]
    /// Every occurrence of a chosen word, in sentence order.
    public var occurrences: [WordOccurrence]
    /// Words that were candidates but had fewer than the minimum clips, with their counts.
    public var tooRare: [String: Int]

    /// Applies `rule` to sentences given as (id, text) pairs.
    public static func select(_ rule: VocabularyRule, sentences: [(id: String, text: String)]) -> Vocabulary {
        var vocabulary = choose(rule, texts: sentences.lazy.map(\.text))
        let chosenSet = Set(vocabulary.words)
        for (id, text) in sentences {
            for (index, token) in Tokenizer.tokenize(text).enumerated() where chosenSet.contains(token.text) {
                vocabulary.occurrences.append(
                    WordOccurrence(sentenceID: id, word: token.text, tokenIndex: index, span: token.span))
            }
        }
        return vocabulary
    }

    /// `select` without the occurrences (`occurrences` is empty): each text is tokenized,
    /// counted and dropped, so a million sentences cost their word counts, not their tokens.
    /// A build then finds each sentence's target words with `targets(in:)`.
    public static func choose(_ rule: VocabularyRule, texts: some Sequence<String>) -> Vocabulary {
        var counts: [String: Int] = [:]
        for text in texts { for token in Tokenizer.tokenize(text) { counts[token.text, default: 0] += 1 } }

        let candidates: [String]
        switch rule.source {
        case .list(let words):
            var seen = Set<String>()
            candidates = words.map { TextNormalizer.normalize($0) }.filter { seen.insert($0).inserted }
        case .topK:
            candidates = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }
        }
        var chosen: [String] = []
        var tooRare: [String: Int] = [:]
        for word in candidates where !rule.stopWords.contains(word) {
            if case .topK(let k) = rule.source, chosen.count >= k { break }
            let n = counts[word, default: 0]
            if n >= rule.minimumClips {
                chosen.append(word)
            } else {
                tooRare[word] = n
                // Candidates for top-K come most frequent first: every later one is rarer still.
                if case .topK = rule.source { break }
            }
        }
        chosen.sort { (counts[$0]!, $1) > (counts[$1]!, $0) }
        return Vocabulary(
            words: chosen, counts: chosen.reduce(into: [:]) { $0[$1] = counts[$1] }, occurrences: [], tooRare: tooRare)
    }

    /// The chosen words that `text` holds, each once, sorted: what the occurrences of `select`
    /// name for this sentence.
    public func targets(in text: String) -> [String] {
        Set(Tokenizer.tokenize(text).lazy.map(\.text).filter { counts[$0] != nil }).sorted()
    }
}
