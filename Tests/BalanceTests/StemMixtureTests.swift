import Balance
import Recipe
import TestSupport
import Testing

/// Stem mixtures (study 003): a track's stems give, for each segment where every stem plays at
/// least `min_active_seconds`, every non-empty combination as one multi-hot clip.
@Suite struct StemMixtureTests {
    static let stems: [MUSDBOptions.Stem] = [.drums, .bass, .other, .vocals]

    /// 1-s segments at 1000 Hz; 0.5 s of activity asked of every stem.
    func recipe(stems: [MUSDBOptions.Stem] = Self.stems, splits: SplitSpec = SplitSpec(method: .none)) -> Recipe {
        BalanceFixtures.recipe {
            $0.corpora = [
                CorpusSpec(
                    name: "musdb", kind: .musdb, root: "/m",
                    options: .musdb(MUSDBOptions(stems: stems, mixtures: StemMixtureSpec(minActiveSeconds: 0.5))))
            ]
            $0.task = TaskSpec(kind: .multiLabel)
            $0.splits = splits
        }
    }

    /// A track's stems with the given active seconds per segment (the same for every stem
    /// unless `activity` names it).
    func track(
        _ name: String, segments: Int = 3, activity: [String: [Double]] = [:],
        stems: [MUSDBOptions.Stem] = Self.stems
    ) -> [PlanSource] {
        stems.map { stem in
            var source = PlanSource(
                corpus: "musdb", path: "train/\(name)/\(stem.rawValue).wav", labels: [stem.rawValue], group: name,
                samplesAtFeatureRate: segments * 1000 + 400, contentHash: "\(name)/\(stem.rawValue)")
            source.mixtureStem = MixtureStem(
                track: "train/\(name)",
                activeSeconds: activity[stem.rawValue] ?? Array(repeating: 1, count: segments))
            return source
        }
    }

    @Test func everySegmentWhereAllStemsPlayGivesFifteenMultiHotCombinations() throws {
        let sources = track("A")
        let byID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0) })
        let plan = try ClipPlanner(recipe: recipe()).plan(sources)
        #expect(plan.clips.count == 3 * 15)
        #expect(Set(plan.clips.map(\.start)) == [0, 1000, 2000])
        #expect(plan.clips.allSatisfy { $0.length == 1000 })
        for start in [0, 1000, 2000] {
            let segment = plan.clips.filter { $0.start == start }
            // Each non-empty subset of the four stems once, labelled with exactly its stems.
            #expect(Set(segment.map { Set($0.labels) }).count == 15)
            for clip in segment {
                #expect(
                    Set(clip.labels.map { plan.labels[$0] })
                        == Set(clip.mixture.map { id in byID[id]!.labels[0] }))
                #expect(clip.labels == clip.labels.sorted())
            }
            #expect(segment.filter { $0.mixture.count == 1 }.count == 4)
            #expect(segment.filter { $0.mixture.count == 4 }.count == 1)
        }
        // All clips name the track by its first stem, and every stem is in the plan.
        #expect(Set(plan.clips.map(\.sourceID)) == [track("A")[0].id])
        #expect(plan.sources == Set(sources.map(\.id)))
        #expect(plan.clips.contains { $0.reason == "mixture drums+vocals, segment 2 of 3" })
        // Mixing order is the corpus's stem order.
        let all = plan.clips.first { $0.mixture.count == 4 }!
        #expect(all.mixture == track("A").map(\.id))
    }

    @Test func aSegmentIsKeptOnlyWhenEveryStemIsActiveLongEnough() throws {
        // Vocals: exactly the minimum in segment 1 (kept), just under it in 2, silent in 3.
        let plan = try ClipPlanner(recipe: recipe()).plan(track("A", activity: ["vocals": [0.5, 0.49, 0]]))
        #expect(Set(plan.clips.map(\.start)) == [0])
        // Only one stem short is enough to drop a segment.
        let other = try ClipPlanner(recipe: recipe()).plan(track("B", activity: ["bass": [1, 0.2, 1]]))
        #expect(Set(other.clips.map(\.start)) == [0, 2000])
    }

    @Test func combinationsFollowTheSelectedStems() throws {
        let three: [MUSDBOptions.Stem] = [.bass, .drums, .vocals]
        let plan = try ClipPlanner(recipe: recipe(stems: three)).plan(track("A", segments: 1, stems: three))
        #expect(plan.clips.count == 7)
        #expect(plan.labels.sorted() == ["bass", "drums", "vocals"])
    }

    @Test func aTrackThatCannotBeMixedIsRejectedNotDropped() throws {
        // A missing stem: each stem that is there names the one missing.
        let partial = try ClipPlanner(recipe: recipe()).plan(Array(track("A").dropLast()) + track("B"))
        #expect(Set(partial.clips.map(\.sourceID)) == [track("B")[0].id])
        #expect(
            partial.rejects.filter { $0.code == "incomplete-track" }.map(\.path).sorted()
                == ["train/A/bass.wav", "train/A/drums.wav", "train/A/other.wav"])
        #expect(partial.rejects.allSatisfy { $0.reason.contains("vocals") })
        // No segment where every stem plays: one reject for the track, with each stem's best.
        let silent = try ClipPlanner(recipe: recipe()).plan(track("C", activity: ["vocals": [0, 0, 0]]))
        #expect(silent.clips.isEmpty)
        #expect(silent.rejects.map(\.code) == ["no-active-segment"])
        #expect(silent.rejects[0].path == "track train/C")
        #expect(silent.rejects[0].reason.contains("vocals 0 s"))
    }

    @Test func aTrackIsOneGroupForSplitsAndFolds() throws {
        let sources = (0..<12).flatMap { track("T\($0)", segments: 2) }
        let byID = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0) })
        for splits in [
            SplitSpec(method: .ratios, train: 0.5, validation: 0.25, test: 0.25), SplitSpec(method: .kfold, folds: 4),
        ] {
            let plan = try ClipPlanner(recipe: recipe(splits: splits)).plan(sources)
            #expect(plan.clips.count == 12 * 2 * 15)
            // Per track, by the stems each clip is made of (not by the clip's source id, which is
            // the track's first stem for all its clips): every stem of a track in one place.
            var places: [String: Set<String>] = [:]
            for clip in plan.clips {
                for stem in clip.mixture {
                    let track = byID[stem]!.group
                    places[track, default: []].insert("\(clip.split) \(clip.fold ?? -1)")
                }
            }
            #expect(places.count == 12)
            #expect(places.values.allSatisfy { $0.count == 1 }, "a track's mixtures never straddle splits or folds")
            #expect(Set(places.values.map { $0.first! }).count > 1)
        }
    }

    @Test func planIsStableAndClipIDsDoNotDependOnOtherTracks() throws {
        let one = try ClipPlanner(recipe: recipe()).plan(track("A"))
        let two = try ClipPlanner(recipe: recipe()).plan(track("A") + track("B"))
        #expect(Set(one.clips.map(\.id)).isSubset(of: Set(two.clips.map(\.id))))
        #expect(try ClipPlanner(recipe: recipe()).plan(track("A")).clips == one.clips)
    }
}
