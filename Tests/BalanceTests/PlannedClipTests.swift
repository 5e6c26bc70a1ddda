import Balance
import Testing

@Suite struct PlannedClipTests {
    /// A study-size plan holds eight million clips: each is 64 bytes (docs/build.md, "Memory").
    @Test func aClipTakesSixtyFourBytes() {
        #expect(MemoryLayout<PlannedClip>.stride == 64)
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
}
