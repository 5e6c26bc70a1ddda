import Foundation

/// Turns a written word into the form vocabularies are counted in.
///
/// Case is folded, the text is composed to NFC (so "é" typed as e + combining accent matches the
/// precomposed letter), and every apostrophe-like mark (’ ‘ ʼ ′ `) becomes the straight `'`, since
/// Common Voice sentences mix all of them. Thousands separators inside numbers are dropped ("1,000"
/// and "1000" are one word; a decimal point stays: "3.5"). Nothing else changes: accents stay, so "café" ≠ "cafe".
public enum TextNormalizer {
    /// Characters read as an apostrophe when they sit between two letters.
    public static let apostrophes: Set<Character> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "\u{2032}", "`"]

    /// The normalised form of one token's text.
    public static func normalize(_ word: some StringProtocol) -> String {
        var out = ""
        let chars = Array(String(word).precomposedStringWithCanonicalMapping.lowercased())
        for (i, c) in chars.enumerated() {
            if apostrophes.contains(c) {
                out.append("'")
            } else if c == "," && i > 0 && i + 1 < chars.count && chars[i - 1].isNumber && chars[i + 1].isNumber {
                continue
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A word character: any Unicode letter, combining mark or digit.
    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark }
    }
}
