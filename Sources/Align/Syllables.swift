import Foundation

/// A rough syllable count from spelling, used to share a speech span among words.
///
/// Vowel groups (a e i o u y and accented letters), minus a silent final "e", at least one. Digits
/// are read out, so each digit counts as about 1.5 syllables ("1999" ≈ 6, spoken as "nineteen
/// ninety-nine"). This is an estimate; the benchmark measures what it is worth.
public enum Syllables {
    public static func estimate(_ word: String) -> Double {
        let digits = word.filter(\.isNumber).count
        let letters = Array(word.filter(\.isLetter).lowercased())
        var groups = 0
        var previousVowel = false
        for c in letters {
            let vowel = isVowel(c)
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        if letters.count > 2, letters.last == "e", !isVowel(letters[letters.count - 2]), groups > 1 {
            groups -= 1
        }
        if letters.count > 2, letters.suffix(2) == ["l", "e"], !isVowel(letters[letters.count - 3]) {
            groups += 1  // "table", "apple": the final "le" is a syllable.
        }
        let fromLetters = letters.isEmpty ? 0 : max(1, groups)
        return Double(fromLetters) + 1.5 * Double(digits)
    }

    private static func isVowel(_ c: Character) -> Bool {
        let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(Character.init) ?? c
        return "aeiouy".contains(base)
    }
}
