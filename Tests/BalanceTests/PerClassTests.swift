import Balance
import Recipe
import Testing

@Suite struct PerClassTests {
    func recipe(
        _ n: Int, gap: Double? = nil, cap: Int? = nil, align: Bool = false, method: SplitSpec.Method = .none
    ) -> Recipe {
        BalanceFixtures.recipe {
            $0.clips.perClass = n
            $0.clips.minGapSeconds = gap
            $0.clips.maxPerSource = cap
            $0.clips.alignToHop = align
            $0.splits.method = method
        }
    }

    @Test func aLargeClassTakesASubsetAndASmallOneIsCroppedEvenly() throws {
        let p = try ClipPlanner(recipe: recipe(20)).plan(BalanceFixtures.sources(["big": 50, "small": 3]))
        let big = BalanceFixtures.clips(of: "big", in: p)
        #expect(big.count == 20 && Set(big.map(\.sourceID)).count == 20 && big.allSatisfy { $0.reason == "subset" })
        let small = BalanceFixtures.clips(of: "small", in: p)
        #expect(small.count == 20)
        let perSource = Dictionary(grouping: small, by: \.sourceID).mapValues(\.count)
        #expect(perSource.values.sorted() == [6, 7, 7], "⌊20/3⌋ or ⌈20/3⌉ each")
        #expect(
            small.allSatisfy { c in c.reason.hasPrefix("crop ") && c.reason.hasSuffix(" of \(perSource[c.sourceID]!)") }
        )
        #expect(small.allSatisfy { $0.start >= 0 && $0.start + $0.length <= 10_000 })
        let stats = Dictionary(uniqueKeysWithValues: p.classes.map { ($0.label, $0) })
        #expect(
            stats["big"]
                == ClassBalance(
                    label: "big", sourcesFound: 50, sourcesEligible: 50, sourcesUsed: 20, clips: 20,
                    maxClipsPerSource: 1, target: 20))
        #expect(stats["small"]?.maxClipsPerSource == 7 && stats["small"]?.sourcesUsed == 3)
        #expect(p.rejects.isEmpty)
    }

    @Test func exactCountsHoldWithEveryClassAtN() throws {
        let p = try ClipPlanner(recipe: recipe(30)).plan(
            BalanceFixtures.sources(["a": 1, "b": 7, "c": 29, "d": 30, "e": 90]))
        #expect(p.classes.map(\.clips) == [30, 30, 30, 30, 30])
    }

    @Test func theGapBetweenCropsIsHonoured() throws {
        // 10-s sources, 1-s clips, 0.5 s apart: at most 7 per source (7 × 1 + 6 × 0.5 = 10).
        let p = try ClipPlanner(recipe: recipe(12, gap: 0.5)).plan(BalanceFixtures.sources(["a": 2]))
        #expect(p.clips.count == 12)
        for (_, clips) in Dictionary(grouping: p.clips, by: \.sourceID) {
            let starts = clips.map(\.start).sorted()
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 >= 1500 })
        }
        let short = try ClipPlanner(recipe: recipe(20, gap: 0.5)).plan(BalanceFixtures.sources(["a": 2]))
        #expect(short.clips.count == 14)
        #expect(short.rejects.map(\.code) == ["class-short"] && short.rejects[0].kept)
        #expect(
            short.rejects[0].reason.contains("has 14 of the 20 clips")
                && short.rejects[0].reason.contains("min_gap_seconds = 0.5"))
        #expect(short.classes[0].shortfall == 6)
    }

    @Test func theCapMovesCropsToSourcesWithRoomAndReportsTheRest() throws {
        let sources = BalanceFixtures.sources(["a": 3]) + [BalanceFixtures.source("a/short.wav", ["a"], seconds: 1.5)]
        // The 1.5-s source without a gap holds 501 distinct starts; with a 1-s gap only one.
        let p = try ClipPlanner(recipe: recipe(10, gap: 1, cap: 3)).plan(sources)
        let perSource = Dictionary(grouping: p.clips, by: \.sourceID).mapValues(\.count)
        #expect(perSource[sources.last!.id] == 1)
        #expect(perSource.values.sorted() == [1, 3, 3, 3])
        #expect(p.rejects.isEmpty)
        let capped = try ClipPlanner(recipe: recipe(20, cap: 3)).plan(sources)
        #expect(capped.clips.count == 12 && capped.rejects.first?.reason.contains("max_per_source = 3") == true)
    }

    @Test func alignedCropsStartOnTheHop() throws {
        let p = try ClipPlanner(recipe: recipe(40, gap: 0.1, align: true)).plan(BalanceFixtures.sources(["a": 5]))
        #expect(p.clips.count == 40 && p.clips.allSatisfy { $0.start % 10 == 0 })
        let free = try ClipPlanner(recipe: recipe(40, align: true)).plan(BalanceFixtures.sources(["a": 5]))
        #expect(free.clips.allSatisfy { $0.start % 10 == 0 })
    }

    @Test func withoutPerClassTheGapAndCapApplyToPerSource() throws {
        var r = BalanceFixtures.recipe {
            $0.clips.perSource = 9; $0.clips.minGapSeconds = 1; $0.splits.method = .none
        }
        let p = try ClipPlanner(recipe: r).plan(BalanceFixtures.sources(["a": 2]))
        #expect(p.clips.count == 10, "5 one-second clips with 1 s between fit in 10 s")
        #expect(p.rejects.map(\.code) == ["fewer-crops", "fewer-crops"] && p.rejects.allSatisfy(\.kept))
        r.clips.minGapSeconds = nil
        r.clips.maxPerSource = 4
        #expect(try ClipPlanner(recipe: r).plan(BalanceFixtures.sources(["a": 2])).clips.count == 8)
    }

    @Test func clipQuotaSharesEvenlyWithinCapacities() throws {
        let p = try ClipPlanner(recipe: recipe(7)).plan(BalanceFixtures.sources(["a": 7]))
        #expect(p.clips.allSatisfy { $0.reason == "subset" } && p.clips.count == 7)
        // Fewer sources than clips, each capped at 3 crops: 7 is shared 3, 2, 2, none past its cap.
        let shared = try ClipPlanner(recipe: recipe(7, cap: 3)).plan(BalanceFixtures.sources(["a": 3]))
        #expect(Dictionary(grouping: shared.clips, by: \.sourceID).values.map(\.count).sorted() == [2, 2, 3])
        #expect(shared.clips.allSatisfy { $0.reason.hasPrefix("crop ") } && shared.rejects.isEmpty)
        // Capacities that cannot hold the target leave a kept shortfall, not more crops per source.
        let short = try ClipPlanner(recipe: recipe(7, cap: 2)).plan(BalanceFixtures.sources(["a": 3]))
        #expect(short.clips.count == 6 && short.rejects.map(\.code) == ["class-short"])
    }
}
