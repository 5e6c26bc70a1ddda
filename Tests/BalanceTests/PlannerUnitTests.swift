import Testing

@testable import Balance

@Suite struct PlannerUnitTests {
    /// The planner holds a unit per word occurrence, five million at study 000's scale: each is
    /// 32 bytes, naming its source and occurrence by position (docs/build.md, "Memory").
    @Test func aUnitTakesThirtyTwoBytes() {
        #expect(MemoryLayout<GroupAssigner.Placement>.size == 3)
        #expect(MemoryLayout<ClipPlanner.Unit>.stride == 32)
    }

    @Test func aPlacementGivesBackWhatWasStored() {
        for split in PlannedClip.splits {
            for fold in [nil, 0, 7, 999] {
                var placement = GroupAssigner.Placement(split: split, fold: fold)
                #expect(placement.split == split && placement.fold == fold)
                placement.fold = nil
                #expect(placement == GroupAssigner.Placement(split: split, fold: nil))
            }
        }
    }

    /// A source's labels are shared as they are only when none repeats (merging keeps the first).
    @Test func distinctLabelsAreToldFromRepeatedOnes() {
        #expect(ClipPlanner.distinct([]) && ClipPlanner.distinct(["a"]) && ClipPlanner.distinct(["b", "a", "c"]))
        #expect(!ClipPlanner.distinct(["a", "b", "a"]) && !ClipPlanner.distinct(["x", "x"]))
        #expect(!ClipPlanner.distinct(["caf\u{E9}", "cafe\u{301}"]), "equal as Strings, as the merge compares them")
    }
}
