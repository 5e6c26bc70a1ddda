import Foundation
import Testing

@testable import Balance

@Suite struct PlannedClipTests {
    /// A study-size plan holds eight million clips: each is 32 bytes (docs/build.md, "Memory").
    @Test func aClipTakesThirtyTwoBytes() {
        #expect(MemoryLayout<PlannedClip>.stride == 32)
    }

    /// The start is stored in 40 bits beside the placement: every start within the limit, either
    /// side of sample 0, comes back as it was set, whatever the split and fold.
    @Test func theStartRoundTripsWithinItsLimit() {
        let limit = PlannedClip.startLimit - 1
        for start in [0, 1, -1, -400, 4096, Int(UInt32.max), Int(UInt32.max) + 1, -Int(UInt32.max) - 7, limit, -limit] {
            var clip = PlannedClip(
                id: 1, sourceID: 2, start: start, length: 4096, labels: [0], split: "test", fold: 999, reason: "x")
            #expect(clip.start == start && clip.split == "test" && clip.fold == 999 && clip.length == 4096)
            clip.fold = nil
            clip.split = "validation"
            #expect(clip.start == start, "the placement does not touch the start's high bits")
        }
    }

    /// Clips with the same labels, reason and mixture share one object in the plan (its spool's
    /// table), and setting any of the three changes only the clip it is set on.
    @Test func theCollectorSharesEqualTraitsAndASetterUnsharesThem() throws {
        func clip(_ id: Int64, _ labels: [Int], _ reason: String, _ mixture: [Int64] = []) -> PlannedClip {
            PlannedClip(
                id: id, sourceID: 9, start: 0, length: 10, labels: labels, split: "train", fold: nil, reason: reason,
                mixture: mixture)
        }
        var collector = ClipCollector(directory: NSTemporaryDirectory())
        collector.append(clip(3, [1], "word, centred"))
        collector.append(clip(1, [1], "word, centred"))
        collector.append(clip(2, [2], "word, centred"))
        collector.append(clip(4, [1], "word, centred", [5, 6]))
        var clips = Array(try collector.takeSortedByID())
        #expect(clips.map(\.id) == [1, 2, 3, 4])
        #expect(clips[0].traits === clips[2].traits)
        #expect(clips[0].traits !== clips[1].traits && clips[0].traits !== clips[3].traits)
        #expect(clips[0] == clip(1, [1], "word, centred"), "equal by content, shared or not")

        clips[2].reason = "subset"
        #expect(clips[2].reason == "subset" && clips[2].labels == [1] && clips[2].mixture.isEmpty)
        #expect(clips[0].reason == "word, centred")
        clips[3].labels = [0, 1]
        clips[3].mixture = [7]
        #expect(clips[3].labels == [0, 1] && clips[3].mixture == [7] && clips[3].reason == "word, centred")
        #expect(clips[0].labels == [1] && clips[0].mixture.isEmpty)
    }

    @Test func theNarrowFieldsGiveBackWhatWasStored() {
        for split in PlannedClip.splits {
            for fold in [nil, 0, 7, 999] {
                var clip = PlannedClip(
                    id: 1, sourceID: 2, start: 3, length: 2_000_000_000, labels: [4], split: split, fold: fold,
                    reason: "crop 1 of 2")
                #expect(clip.split == split && clip.fold == fold && clip.length == 2_000_000_000)
                clip.fold = nil
                clip.split = "test"
                clip.length = 4096
                #expect(clip.split == "test" && clip.fold == nil && clip.length == 4096)
            }
        }
    }

    /// Five million word occurrences at study 000's scale: 32 bytes each, positions in 32 bits,
    /// and `fits` says which values can be stored (docs/build.md, "Memory").
    @Test func aWordClipTakesThirtyTwoBytesAndSaysWhatFits() {
        #expect(MemoryLayout<WordClip>.stride == 32)
        let largest = Int(Int32.max)
        let word = WordClip(word: "seven", tokenIndex: 12, start: -400, wordStart: largest - 1, wordEnd: largest)
        #expect(word.tokenIndex == 12 && word.start == -400 && word.wordStart == largest - 1 && word.wordEnd == largest)
        #expect(WordClip.fits(tokenIndex: 0, start: Int(Int32.min), wordStart: 0, wordEnd: largest))
        #expect(!WordClip.fits(tokenIndex: 0, start: 0, wordStart: 0, wordEnd: largest + 1))
        #expect(!WordClip.fits(tokenIndex: 0, start: Int(Int32.min) - 1, wordStart: 0, wordEnd: 0))
    }
}
