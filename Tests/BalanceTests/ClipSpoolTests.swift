import Foundation
import MelshardCore
import Testing

@testable import Balance

/// The plan's clips live in a scratch file (`ClipSpool`), read back through `PlannedClips`: what
/// comes back must be what went in, in every order the build asks for (docs/build.md, "Memory").
@Suite struct ClipSpoolTests {
    /// Clips with every field varied: starts at both ends of their 40 bits, all three splits,
    /// folds and none, shared and unshared traits, mixtures. Ids are scattered, not ascending.
    static func clips(_ count: Int) -> [PlannedClip] {
        var random = SeededRandom(seed: 7, stream: "clip-spool")
        return (0..<count).map { i in
            let start =
                switch i % 5 {
                case 0: PlannedClip.startLimit - 1
                case 1: -(PlannedClip.startLimit - 1)
                default: Int(random.next() % 1_000_000) - 1000
                }
            return PlannedClip(
                id: Int64(bitPattern: random.next()), sourceID: Int64(i % 97), start: start, length: 100 + i % 3,
                labels: [i % 4], split: PlannedClip.splits[i % 3], fold: i % 4 == 0 ? nil : i % 10,
                reason: "crop \(i % 6 + 1) of 6", mixture: i % 11 == 0 ? [Int64(i), 5] : [])
        }
    }

    @Test func clipsComeBackAsTheyWentInAcrossBlocks() throws {
        // Past two blocks of the iterator, so its refills and the last short block are read.
        let clips = Self.clips(2 * ScratchRecords<ClipSpool.Record>.blockLength + 123)
        let spooled = try PlannedClips(clips)
        #expect(spooled.count == clips.count)
        #expect(Array(spooled) == clips)
        for i in [
            0, 1, ScratchRecords<ClipSpool.Record>.blockLength - 1, ScratchRecords<ClipSpool.Record>.blockLength,
            clips.count - 1,
        ] {
            #expect(spooled[i] == clips[i])
        }
        // Equal traits are stored once, and the clips read back share them.
        #expect(spooled.spool!.traits.count == Set(clips.map(\.traits)).count)
        // Clips 1 and 13 have the same labels, reason, length and (no) mixture.
        #expect(clips[1].traits == clips[13].traits && clips[1].traits !== clips[13].traits)
        #expect(spooled[1].traits === spooled[13].traits)
        #expect(PlannedClips().isEmpty && Array(PlannedClips()).isEmpty)
    }

    @Test func aStretchOfASpoolIsItsOwnCollection() throws {
        let clips = Self.clips(50)
        let spooled = try PlannedClips(clips)
        let stretch = PlannedClips(spooled.spool!, range: 10..<20)
        #expect(stretch.startIndex == 10 && stretch.count == 10)
        #expect(Array(stretch) == Array(clips[10..<20]))
        #expect(stretch == (try PlannedClips(clips[10..<20])), "equal by content, wherever it is stored")
        #expect(stretch != (try PlannedClips(clips[11..<21])))
    }

    /// The external sort against the standard sort: one run, several runs, a short last run.
    @Test func theExternalSortOrdersLikeTheStandardSort() throws {
        let clips = Self.clips(5_000)
        let spool = try PlannedClips(clips).spool!
        let byID = clips.sorted { $0.id < $1.id }
        for runLength in [1, 7, 1_000, 4_999, 5_000, 1 << 18] {
            let sorted = try spool.sorted(directory: NSTemporaryDirectory(), runLength: runLength) {
                .init(major: 0, id: $0.id)
            }
            #expect(Array(PlannedClips(sorted)) == byID, "runs of \(runLength)")
        }
        // A major key first (as the shard order is): by source, then id.
        let bySource = clips.sorted { ($0.sourceID, $0.id) < ($1.sourceID, $1.id) }
        let sorted = try spool.sorted(directory: NSTemporaryDirectory(), runLength: 64) {
            .init(major: $0.sourceID, id: $0.id)
        }
        #expect(Array(PlannedClips(sorted)) == bySource)
    }

    /// A scratch file that cannot be made is a typed error that names the directory, raised
    /// when the plan is taken, not a crash while clips are cut.
    @Test func aCollectorThatCannotWriteSaysWhereWhenTaken() throws {
        var collector = ClipCollector(directory: "/nonexistent/melshard-plan")
        collector.append(Self.clips(1)[0])
        #expect(collector.used.isEmpty, "nothing is tallied once writing has failed")
        #expect {
            _ = try collector.takeSortedByID()
        } throws: { error in
            (error as? FileError).map { "\($0)".contains("/nonexistent/melshard-plan") } ?? false
        }
    }
}
