import Balance
import MelshardCore
import Recipe
import Testing

@Suite struct SplitTests {
    func splitOfGroup(_ plan: ClipPlan, _ sources: [PlanSource]) -> [String: Set<String>] {
        let group = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.group) })
        var out: [String: Set<String>] = [:]
        for clip in plan.clips { out[group[clip.sourceID]!, default: []].insert("\(clip.split)/\(clip.fold ?? -1)") }
        return out
    }

    @Test func ratiosAreStratifiedPerClassOverWholeGroups() throws {
        let sources = BalanceFixtures.sources(["a": 100, "b": 40, "c": 10, "d": 1])
        let p = try ClipPlanner(
            recipe: BalanceFixtures.recipe { $0.splits = SplitSpec(train: 0.7, validation: 0.2, test: 0.1) }
        ).plan(sources)
        let counts = BalanceFixtures.counts(p)
        #expect(counts["a"] == ["train": 70, "validation": 20, "test": 10])
        #expect(counts["b"] == ["train": 28, "validation": 8, "test": 4])
        for (split, target) in [("train", 7.0), ("validation", 2.0), ("test", 1.0)] {
            #expect(abs(Double(counts["c"]?[split] ?? 0) - target) <= 1)
        }
        #expect(counts["d"]?.values.reduce(0, +) == 1)
        #expect(splitOfGroup(p, sources).values.allSatisfy { $0.count == 1 })
    }

    @Test func groupsOfSeveralSourcesStayTogetherAndCountByWeight() throws {
        let sources = BalanceFixtures.sources(["a": 120, "b": 60], perGroup: 3)
        let p = try ClipPlanner(recipe: BalanceFixtures.recipe()).plan(sources)
        #expect(splitOfGroup(p, sources).values.allSatisfy { $0.count == 1 })
        let counts = BalanceFixtures.counts(p)
        #expect(abs((counts["a"]?["train"] ?? 0) - 96) <= 3 && abs((counts["b"]?["test"] ?? 0) - 6) <= 3)
    }

    @Test func identicalAudioLandsInOneSplitEvenAcrossCorpora() throws {
        var sources = BalanceFixtures.sources(["a": 40])
        sources += (0..<40).map { BalanceFixtures.source("copy\($0).wav", ["a"], corpus: "other", hash: "c/a/\($0)") }
        let p = try ClipPlanner(recipe: BalanceFixtures.recipe()).plan(sources)
        let hash = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.contentHash!) })
        var splits: [String: Set<String>] = [:]
        for clip in p.clips { splits[hash[clip.sourceID]!, default: []].insert(clip.split) }
        #expect(splits.count == 40 && splits.values.allSatisfy { $0.count == 1 })
    }

    @Test func kfoldPutsEveryGroupInExactlyOneFoldStratified() throws {
        let sources = BalanceFixtures.sources(["a": 50, "b": 23, "c": 7], perGroup: 1)
        let r = BalanceFixtures.recipe {
            $0.splits = SplitSpec(method: .kfold, folds: 5); $0.clips.perSource = 2
        }
        let p = try ClipPlanner(recipe: r).plan(sources)
        #expect(p.clips.allSatisfy { $0.split == "train" && $0.fold != nil })
        let folds = splitOfGroup(p, sources)
        #expect(folds.count == 80 && folds.values.allSatisfy { $0.count == 1 }, "every group in exactly one test fold")
        for label in ["a", "b", "c"] {
            let perFold = Dictionary(grouping: BalanceFixtures.clips(of: label, in: p), by: { $0.fold! }).mapValues {
                $0.count / 2
            }
            let n = Double(sources.filter { $0.labels == [label] }.count)
            #expect((0..<5).allSatisfy { abs(Double(perFold[$0] ?? 0) - n / 5) <= 1 }, "\(label): \(perFold)")
        }
    }

    @Test func unstratifiedRatiosKeepTodaysDraws() throws {
        let sources = BalanceFixtures.sources(["a": 30])
        let r = BalanceFixtures.recipe { $0.splits.stratify = false }
        let p = try ClipPlanner(recipe: r).plan(sources)
        for clip in p.clips {
            let source = sources.first { $0.id == clip.sourceID }!
            var random = SeededRandom(seed: r.seed, stream: "split/c/\(source.group)")
            let u = random.nextUnit()
            #expect(clip.split == (u < 0.8 ? "train" : u < 0.9 ? "validation" : "test"))
        }
    }

    @Test func addingAGroupMovesFewGroupsOfItsOwnClass() throws {
        let planner = ClipPlanner(recipe: BalanceFixtures.recipe())
        let sources = BalanceFixtures.sources(["a": 37, "b": 50])
        let before = Dictionary(uniqueKeysWithValues: try planner.plan(sources).clips.map { ($0.sourceID, $0.split) })
        for i in 0..<20 {
            let after = try planner.plan(sources + [BalanceFixtures.source("a/new\(i).wav", ["a"])]).clips
            let moved = after.filter { before[$0.sourceID] != nil && before[$0.sourceID] != $0.split }
            #expect(moved.count <= 3, "at most one group crosses each of the three split boundaries")
        }
    }
}
