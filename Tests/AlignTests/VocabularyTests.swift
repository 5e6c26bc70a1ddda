import Align
import Foundation
import TestSupport
import Testing

@Suite struct VocabularyTests {
    let sentences: [(id: String, text: String)] = [
        ("s1", "The cat saw the dog."),
        ("s2", "A dog and a cat."),
        ("s3", "The dog's bowl; the Dog."),
        ("s4", "Birds sing."),
    ]

    @Test func topKByCountWithStopWords() {
        let v = Vocabulary.select(
            VocabularyRule(source: .topK(2), minimumClips: 2, stopWords: ["The", "a"]), sentences: sentences)
        #expect(v.words == ["dog", "cat"])
        #expect(v.counts == ["dog": 3, "cat": 2])
    }

    @Test func minimumClipsDropsRareWords() {
        let v = Vocabulary.select(
            VocabularyRule(source: .list(["cat", "birds", "dog"]), minimumClips: 2), sentences: sentences)
        #expect(v.words == ["dog", "cat"])
        #expect(v.tooRare == ["birds": 1])
    }

    @Test func oneOccurrencePerTargetWord() {
        let v = Vocabulary.select(VocabularyRule(source: .list(["dog", "the"]), minimumClips: 1), sentences: sentences)
        let s3 = v.occurrences.filter { $0.sentenceID == "s3" }
        // "dog's" is its own word; "the" twice and "dog" once give three clips from s3.
        #expect(s3.map(\.word) == ["the", "the", "dog"])
        #expect(Set(s3.map(\.tokenIndex)).count == 3)
    }

    @Test func wordListFile() throws {
        let dir = TemporaryDirectory("align-vocab")
        try "# Kell words\nCat\n\n  dog  \nDon\u{2019}t\n".write(
            toFile: dir.file("words.txt"), atomically: true, encoding: .utf8)
        #expect(try VocabularyRule.readWordList(dir.file("words.txt")) == ["cat", "dog", "don't"])
        #expect(throws: AlignError.self) { try VocabularyRule.readWordList(dir.file("missing.txt")) }
    }
}
