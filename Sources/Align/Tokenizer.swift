/// One word of a sentence and where it is written.
public struct Token: Sendable, Hashable {
    /// The normalised word (`TextNormalizer.normalize`).
    public var text: String
    /// Where the word sits in the sentence, in `Character` offsets from 0 (end exclusive).
    public var span: Range<Int>
    /// The word as written.
    public var original: String
    /// True when the word is followed by sentence punctuation (, ; : . ! ?) before the next word:
    /// speakers usually pause there.
    public var followedByPause: Bool
}

/// Splits a sentence into words with their character spans.
///
/// A word is a run of letters, digits and combining marks. Apostrophes count as part of a word
/// only between two word characters ("don't", "O'Brien"), so quotes around a word ('hello') are
/// not part of it. Hyphens and dashes split ("well-known" is two words), because Common Voice
/// speakers say both halves and a vocabulary built from single words should find each. A digit
/// separator between digits ("1,000", "3.5") stays inside the number, which is one token.
public enum Tokenizer {
    public static func tokenize(_ sentence: String) -> [Token] {
        let chars = Array(sentence)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            guard TextNormalizer.isWordCharacter(chars[i]) else { i += 1; continue }
            var j = i + 1
            while j < chars.count {
                let c = chars[j]
                if TextNormalizer.isWordCharacter(c) { j += 1; continue }
                let joinsNext = j + 1 < chars.count && TextNormalizer.isWordCharacter(chars[j + 1])
                if joinsNext && TextNormalizer.apostrophes.contains(c) && chars[j - 1].isLetter { j += 1; continue }
                if joinsNext && (c == "," || c == ".") && chars[j - 1].isNumber && chars[j + 1].isNumber {
                    j += 1; continue
                }
                break
            }
            let original = String(chars[i..<j])
            var k = j
            var pause = false
            while k < chars.count && !TextNormalizer.isWordCharacter(chars[k]) {
                if ",;:.!?\u{2026}".contains(chars[k]) { pause = true }
                k += 1
            }
            tokens.append(
                Token(
                    text: TextNormalizer.normalize(original), span: i..<j, original: original,
                    followedByPause: pause && k < chars.count))
            i = j
        }
        return tokens
    }
}
