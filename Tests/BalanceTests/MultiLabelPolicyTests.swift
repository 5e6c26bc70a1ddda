import Balance
import Recipe
import Testing

@Suite struct MultiLabelPolicyTests {
    let sources =
        BalanceFixtures.sources(["rock": 20, "jazz": 20], perGroup: 2)
        + (0..<10).map { BalanceFixtures.source("both/\($0).wav", ["jazz", "rock", "unknown"]) }

    func plan(_ kind: TaskSpec.Kind, _ policy: TaskSpec.MultiLabelPolicy?) throws -> ClipPlan {
        try ClipPlanner(
            recipe: BalanceFixtures.recipe {
                $0.task = TaskSpec(kind: kind, labels: ["jazz", "rock"], multiLabelPolicy: policy)
                $0.clips.perSource = 2
            }
        ).plan(sources)
    }

    var both: Set<Int64> { Set(sources.suffix(10).map(\.id)) }

    @Test func singleLabelTasksRejectSeveralLabelsUnlessAPolicyIsGiven() throws {
        let p = try plan(.singleLabel, nil)
        #expect(
            p.rejects.count == 10
                && p.rejects.allSatisfy { $0.code == "several-labels" && $0.reason.contains("single-label task") })
        let excluded = try plan(.multiLabel, .exclude)
        #expect(
            excluded.rejects.count == 10 && excluded.rejects[0].reason.contains("multi_label_policy is \"exclude\""))
        #expect(excluded.clips.count == 80)
    }

    @Test func firstTakesTheCorpusOrder() throws {
        let p = try plan(.singleLabel, .first)
        #expect(p.clips.filter { both.contains($0.sourceID) }.allSatisfy { $0.labels == [0] })
        #expect(p.clips.count == 100 && p.rejects.isEmpty)
    }

    @Test func multiHotKeepsEveryListedLabelOnOneClip() throws {
        let p = try plan(.multiLabel, nil)
        let clips = p.clips.filter { both.contains($0.sourceID) }
        #expect(clips.count == 20 && clips.allSatisfy { $0.labels == [0, 1] })
    }

    @Test func duplicateMakesOneClipPerLabelInOneSplit() throws {
        let p = try plan(.singleLabel, .duplicate)
        let clips = p.clips.filter { both.contains($0.sourceID) }
        #expect(clips.count == 40 && Set(clips.map(\.id)).count == 40)
        for (_, mine) in Dictionary(grouping: clips, by: \.sourceID) {
            #expect(mine.map(\.labels).sorted { $0[0] < $1[0] } == [[0], [0], [1], [1]])
            #expect(Set(mine.map(\.split)).count == 1)
        }
        // Single-label sources keep the clip ids they have without a policy.
        let plain = Set(try plan(.singleLabel, nil).clips.map(\.id))
        #expect(plain.isSubset(of: Set(p.clips.map(\.id))))
    }

    @Test func duplicateUnitsAreBalancedPerClass() throws {
        let p = try ClipPlanner(
            recipe: BalanceFixtures.recipe {
                $0.task = TaskSpec(kind: .singleLabel, multiLabelPolicy: .duplicate)
                $0.clips.perClass = 25
            }
        ).plan(sources)
        #expect(p.classes.map(\.clips) == [25, 25, 25])
        #expect(p.classes.first { $0.label == "unknown" }?.sourcesUsed == 10)
    }
}
