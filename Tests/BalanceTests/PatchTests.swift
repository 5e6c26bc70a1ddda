import Balance
import Recipe
import TestSupport
import Testing

/// `crop = "patches"`: Ballroom's fixed-width windows tiling whole tracks (study 004), each a
/// clip that keeps its source's id so evaluation can vote per track.
@Suite struct PatchTests {
    /// Clips of 1 s (1000 samples at 1000 Hz, hop 10 samples).
    func plan(_ sources: [PlanSource], hopFrames: Int? = nil, short: ClipSpec.ShortSource = .reject) throws -> ClipPlan
    {
        try ClipPlanner(
            recipe: BalanceFixtures.recipe {
                $0.clips = ClipSpec(lengthSeconds: 1, crop: .patches, short: short, patchHopFrames: hopFrames)
                $0.splits.method = .none
            }
        ).plan(sources)
    }

    @Test func patchesTileTheWholeSourceWithoutOverlapByDefault() throws {
        let p = try plan([BalanceFixtures.source("a/x.wav", ["a"], seconds: 3.5)])
        #expect(p.clips.sorted { $0.start < $1.start }.map(\.start) == [0, 1000, 2000])
        #expect(Set(p.clips.map(\.reason)) == ["patch 1 of 3", "patch 2 of 3", "patch 3 of 3"])
        #expect(Set(p.clips.map(\.sourceID)).count == 1, "every patch keeps its track's source id")
        #expect(p.clips.allSatisfy { $0.length == 1000 })
    }

    @Test func aHopInFramesMakesOverlappingPatches() throws {
        // 50 frames of 10 samples: a new patch every 0.5 s.
        let p = try plan([BalanceFixtures.source("a/x.wav", ["a"], seconds: 2)], hopFrames: 50)
        #expect(p.clips.map(\.start).sorted() == [0, 500, 1000])
    }

    @Test func aShortSourceIsOnePaddedPatchOrARejectAsTheRecipeSays() throws {
        let short = [BalanceFixtures.source("a/x.wav", ["a"], seconds: 0.4)]
        #expect(try plan(short, short: .pad).clips.map(\.start) == [0])
        #expect(try plan(short).rejects.map(\.code) == ["shorter-than-clip"])
    }

    @Test func patchIdsStayPutWhenAnotherSourceIsAdded() throws {
        let one = try plan([BalanceFixtures.source("a/x.wav", ["a"], seconds: 3)])
        let two = try plan([
            BalanceFixtures.source("a/x.wav", ["a"], seconds: 3), BalanceFixtures.source("b/y.wav", ["b"], seconds: 2),
        ])
        let ids = Set(one.clips.map(\.id))
        #expect(ids.isSubset(of: Set(two.clips.map(\.id))))
        #expect(two.clips.count == 5)
    }

    @Test func theRecipeRefusesPatchKeysThatCannotApply() throws {
        let directory = TemporaryDirectory("patch-recipe")
        let path = directory.file("r.toml")
        try """
        [[corpus]]
        name = "c"
        kind = "folder"
        root = "c"

        [clips]
        crop = "patches"
        per_class = 10
        min_gap_seconds = 1
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try RecipeLoader.load(path: path) } throws: {
            "\($0)".contains("would drop tiles") && "\($0)".contains("placed by patch_hop_frames")
        }
        try """
        [[corpus]]
        name = "c"
        kind = "folder"
        root = "c"

        [clips]
        patch_hop_frames = 40
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try RecipeLoader.load(path: path) } throws: {
            "\($0)".contains("is read only with crop = \"patches\"")
        }
    }
}
