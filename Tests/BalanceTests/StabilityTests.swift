import Balance
import Recipe
import Testing

@Suite struct StabilityTests {
    let base = BalanceFixtures.sources(["a": 60, "b": 25, "c": 8])

    func rows(_ plan: ClipPlan) -> [String: Set<PlannedClip>] {
        var out: [String: Set<PlannedClip>] = [:]
        for clip in plan.clips { out[plan.labels[clip.labels[0]], default: []].insert(clip) }
        return out
    }

    @Test(arguments: [SplitSpec(), SplitSpec(method: .kfold, folds: 4)], [nil, 30])
    func addingOneSourceToOneClassChangesOnlyThatClass(splits: SplitSpec, perClass: Int?) throws {
        let r = BalanceFixtures.recipe {
            $0.splits = splits; $0.clips.perClass = perClass; $0.clips.minGapSeconds = perClass.map { _ in 0.2 }
        }
        let planner = ClipPlanner(recipe: r)
        let before = try planner.plan(base)
        #expect(try planner.plan(base).clips == before.clips, "the same seed gives the same plan")
        #expect(try planner.plan(base.reversed()).clips == before.clips, "whatever the order of the sources")
        for label in ["a", "b", "c"] {
            let after = try planner.plan(base + [BalanceFixtures.source("\(label)/new.wav", [label])])
            let (old, new) = (rows(before), rows(after))
            for other in ["a", "b", "c"] where other != label {
                #expect(old[other] == new[other], "adding to \(label) moved \(other)")
            }
            #expect(new[label]?.count == (perClass ?? (old[label]?.count ?? 0) + 1))
        }
    }

    @Test func anotherSeedGivesAnotherPlan() throws {
        let one = try ClipPlanner(recipe: BalanceFixtures.recipe()).plan(base)
        let two = try ClipPlanner(recipe: BalanceFixtures.recipe { $0.seed = 18 }).plan(base)
        #expect(one.clips.map(\.start) != two.clips.map(\.start))
    }
}
