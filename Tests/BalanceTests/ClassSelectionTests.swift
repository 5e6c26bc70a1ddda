import Balance
import Recipe
import Testing

@Suite struct ClassSelectionTests {
    let corpus = BalanceFixtures.sources(["rock": 12, "jazz": 9, "pop": 9, "polka": 2, "Rumba-A": 3, "Rumba-B": 4])

    func plan(_ selection: ClassSelection, labels: [String]? = nil) throws -> ClipPlan {
        try ClipPlanner(
            recipe: BalanceFixtures.recipe {
                $0.classes = selection; $0.task.labels = labels
            }
        ).plan(corpus)
    }

    @Test func mergeRunsFirstAndCountsTheMergedClass() throws {
        let p = try plan(ClassSelection(merge: ["Rumba-A": "Rumba", "Rumba-B": "Rumba"], minSources: 5))
        #expect(p.labels == ["Rumba", "jazz", "pop", "rock"])
        #expect(p.classes.first { $0.label == "Rumba" }?.sourcesFound == 7)
        #expect(p.rejects.map(\.code) == ["class-not-selected", "class-not-selected"])
        #expect(
            p.rejects.allSatisfy {
                $0.path.hasPrefix("polka/") && $0.reason.contains("2 source(s), fewer than classes.min_sources = 5")
            })
    }

    @Test func topKKeepsTheLargestClassesWithTiesByName() throws {
        let p = try plan(ClassSelection(topK: 2))
        #expect(p.labels == ["jazz", "rock"], "jazz and pop tie at 9; jazz sorts first")
        let dropped = Set(p.rejects.map { $0.path.split(separator: "/")[0] })
        #expect(dropped == ["pop", "polka", "Rumba-A", "Rumba-B"])
        #expect(p.rejects.count == 9 + 2 + 3 + 4)
        #expect(
            p.rejects.first { $0.path.hasPrefix("pop/") }!.reason.contains("not among the classes.top_k = 2 largest"))
    }

    @Test func allowAndDenyAreAppliedBeforeCounts() throws {
        let p = try plan(ClassSelection(allow: ["rock", "jazz", "polka"], deny: ["jazz"], minSources: 2, topK: 5))
        #expect(p.labels == ["polka", "rock"])
        #expect(p.rejects.first { $0.path.hasPrefix("jazz/") }!.reason.contains("in classes.deny"))
        #expect(p.rejects.first { $0.path.hasPrefix("pop/") }!.reason.contains("not in classes.allow"))
        // Nothing is silently dropped: every source is either planned or rejected.
        #expect(Set(p.clips.map(\.sourceID)).count + p.rejects.count == corpus.count)
    }

    @Test func taskLabelsKeepTheirOrderAndTheirOwnRejectCode() throws {
        let p = try plan(ClassSelection(minSources: 10), labels: ["rock", "polka", "jazz"])
        #expect(p.labels == ["rock"])
        let codes = Dictionary(grouping: p.rejects, by: \.code).mapValues(\.count)
        #expect(codes == ["unlisted-label": 16, "class-not-selected": 11])
    }

    @Test func aMultiLabelSourceKeepsItsSelectedLabels() throws {
        let sources = corpus + [BalanceFixtures.source("x/1.wav", ["polka", "rock"])]
        let r = BalanceFixtures.recipe {
            $0.classes = ClassSelection(minSources: 5); $0.task.kind = .multiLabel
        }
        let p = try ClipPlanner(recipe: r).plan(sources)
        let clip = p.clips.first { $0.sourceID == sources.last!.id }
        #expect(clip?.labels == [p.labels.firstIndex(of: "rock")!])
        #expect(p.sourceLabels[sources.last!.id] == [p.labels.firstIndex(of: "rock")!])
    }
}
