/// espeak-ng's IPA phonemes (en-us) mapped onto ARPAbet without stress: the phone set of
/// pocketsphinx's US English model, so a word missing from its dictionary can still be aligned.
///
/// Stress (ˈ ˌ), length (ː), syllabic (◌̩) and other diacritics are dropped first. Each remaining
/// phoneme maps to one or two ARPAbet phones by the table below (docs/align.md lists it); a
/// phoneme not in the table is split into its characters, and each must then be in the table.
/// Choices where the two sets differ: the flap ɾ and the glottal stop ʔ become T (the CMU
/// dictionary writes "butter" B AH1 T ER0 and "button" B AH1 T AH0 N); a syllabic n̩ or l̩ becomes
/// AH N / AH L ("button", "bottle" in the dictionary); espeak-ng's reduced vowels ə, ɐ, ᵻ become AH,
/// AH and IH; r-coloured vowels become the vowel and R, except ɚ/ɝ/ɜ, which are ER.
enum ARPAbetMapping {
    static let table: [String: [String]] = [
        // vowels and diphthongs
        "i": ["IY"], "ɪ": ["IH"], "ᵻ": ["IH"], "ɨ": ["IH"], "e": ["EY"], "eɪ": ["EY"], "ɛ": ["EH"], "æ": ["AE"],
        "a": ["AE"], "ɑ": ["AA"], "ɒ": ["AA"], "ɔ": ["AO"], "o": ["OW"], "oʊ": ["OW"], "əʊ": ["OW"], "ʊ": ["UH"],
        "u": ["UW"], "ʌ": ["AH"], "ə": ["AH"], "ɐ": ["AH"], "ɚ": ["ER"], "ɝ": ["ER"], "ɜ": ["ER"],
        "aɪ": ["AY"], "aʊ": ["AW"], "ɔɪ": ["OY"], "ɛɹ": ["EH", "R"], "ɪɹ": ["IH", "R"], "ʊɹ": ["UH", "R"],
        "ɑɹ": ["AA", "R"], "ɔɹ": ["AO", "R"], "oɹ": ["AO", "R"], "aɪɚ": ["AY", "ER"], "aʊɚ": ["AW", "ER"],
        "iə": ["IY", "AH"], "əl": ["AH", "L"], "ən": ["AH", "N"], "əm": ["AH", "M"],
        // consonants
        "p": ["P"], "b": ["B"], "t": ["T"], "d": ["D"], "k": ["K"], "ɡ": ["G"], "g": ["G"], "f": ["F"], "v": ["V"],
        "θ": ["TH"], "ð": ["DH"], "s": ["S"], "z": ["Z"], "ʃ": ["SH"], "ʒ": ["ZH"], "h": ["HH"], "m": ["M"],
        "n": ["N"], "ŋ": ["NG"], "l": ["L"], "ɫ": ["L"], "ɹ": ["R"], "r": ["R"], "w": ["W"], "ʍ": ["W"], "j": ["Y"],
        "tʃ": ["CH"], "dʒ": ["JH"], "ɾ": ["T"], "ʔ": ["T"], "x": ["K"], "ç": ["HH"],
    ]

    /// Marks removed before the lookup: stress, length, and the combining diacritics espeak-ng adds.
    private static let ignored: Set<Character> = ["ˈ", "ˌ", "ː", "ˑ", "-"]

    /// ARPAbet phones for `phonemes` (as `Speaker.phonemes(of:)` gives them), or nil when one of
    /// them has no mapping.
    static func phones(_ phonemes: [String]) -> [String]? {
        var out: [String] = []
        for phoneme in phonemes {
            var scalars = String.UnicodeScalarView()
            for scalar in phoneme.unicodeScalars where !ignored.contains(Character(scalar)) {
                // Combining marks (U+0300–U+036F: syllabic, dental, nasal, …) carry no phone of their own.
                if (0x300...0x36F).contains(scalar.value) { continue }
                scalars.append(scalar)
            }
            let bare = String(scalars)
            if bare.isEmpty { continue }
            // A syllabic consonant (n̩, l̩, m̩) carries its own vowel in the CMU dictionary.
            if phoneme.unicodeScalars.contains(where: { $0.value == 0x329 }) { out.append("AH") }
            if let mapped = table[bare] {
                out += mapped
                continue
            }
            for character in bare {
                guard let mapped = table[String(character)] else { return nil }
                out += mapped
            }
        }
        return out.isEmpty ? nil : out
    }
}
