import Align
import Testing

@Suite struct TokenizerTests {
    private func words(_ s: String) -> [String] { Tokenizer.tokenize(s).map(\.text) }

    @Test func caseAndPunctuation() {
        #expect(words("Hello, World! How are you?") == ["hello", "world", "how", "are", "you"])
    }

    @Test func quotesAroundWordsAreNotPartOfThem() {
        #expect(words("He said 'hello' and \u{201C}goodbye\u{201D}.") == ["he", "said", "hello", "and", "goodbye"])
    }

    @Test func straightAndCurlyApostrophesMatch() {
        #expect(words("Don't") == ["don't"])
        #expect(words("Don\u{2019}t") == ["don't"])
        #expect(words("O\u{2018}Brien\u{2019}s") == ["o'brien's"])
        #expect(words("the dogs' bone") == ["the", "dogs", "bone"])
    }

    @Test func hyphensSplitWords() {
        #expect(words("a well-known self\u{2013}made man") == ["a", "well", "known", "self", "made", "man"])
    }

    @Test func digitsAreTokens() {
        #expect(words("In 1999, 3 of 1,000 cats (3.5%)") == ["in", "1999", "3", "of", "1000", "cats", "3.5"])
        #expect(words("the 3rd time") == ["the", "3rd", "time"])
    }

    @Test func nonASCIILetters() {
        #expect(words("Über Café naïve Ærø") == ["über", "café", "naïve", "ærø"])
        // A decomposed é (e + U+0301) is the same word as the precomposed one.
        #expect(words("Cafe\u{301}") == ["café"])
        #expect(words("Москва и Київ") == ["москва", "и", "київ"])
    }

    @Test func spansPointAtTheWrittenWord() {
        let sentence = "\u{201C}Well,\u{201D} she said \u{2014} don\u{2019}t!"
        let tokens = Tokenizer.tokenize(sentence)
        let chars = Array(sentence)
        for token in tokens {
            #expect(String(chars[token.span]) == token.original)
        }
        #expect(tokens.map(\.original) == ["Well", "she", "said", "don\u{2019}t"])
        #expect(tokens[0].followedByPause)
        #expect(!tokens[1].followedByPause)
    }

    @Test func syllableEstimates() {
        #expect(Syllables.estimate("cat") == 1)
        #expect(Syllables.estimate("table") == 2)
        #expect(Syllables.estimate("make") == 1)
        #expect(Syllables.estimate("beautiful") == 3)
        #expect(Syllables.estimate("1999") == 6)
    }
}
