import Build
import Foundation
import TestSupport
import Testing

@Suite struct IncrementalBuildTests {
    @Test func modifyingOneSourceRewritesOnlyTheShardHoldingItsClips() throws {
        let fixture = try FolderCorpusFixture(label: "modify")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let path = FolderCorpusFixture.path("rock", 3)
        let holder = try query(
            out,
            """
            SELECT DISTINCT c.shard FROM clips c JOIN sources s ON s.id = c.source_id WHERE s.path = '\(path)'
            """
        ).compactMap { $0[0].text }
        #expect(holder.count == 1)
        try fixture.writeSource("rock", 3, variant: 1)
        let report = try build(fixture, out: out)
        #expect(rewrittenShards(report) == Set(holder))
        let sourcesInShard = try query(out, "SELECT COUNT(DISTINCT source_id) FROM clips WHERE shard = '\(holder[0])'")[
            0][0].int
        #expect(report.decodedSources == sourcesInShard)
        #expect(report.rebuiltUnits.first { $0.stage == "shard" }?.reasons == ["source audio changed"])
        #expect(report.units["probe"]?.rebuilt == 1)
    }

    @Test func touchingASourceWithoutChangingItRewritesNoShard() throws {
        let fixture = try FolderCorpusFixture(label: "touch")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let file = fixture.root + "/" + FolderCorpusFixture.path("jazz", 0)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: file)
        let report = try build(fixture, out: out)
        #expect(report.units["probe"]?.rebuilt == 1)
        #expect(report.units["shard"]?.rebuilt == 0)
        #expect(report.decodedSources == 0)
    }

    @Test func changingAFeatureParameterRewritesEveryShard() throws {
        let fixture = try FolderCorpusFixture(label: "param")
        let out = fixture.directory.file("out")
        let first = try build(fixture, out: out)
        try fixture.writeRecipe(
            features: "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 24")
        let dry = try build(fixture, out: out, extra: ["--dry-run"])
        #expect(dry.units["shard"]?.rebuilt == first.shards)
        #expect(
            dry.rebuiltUnits.filter { $0.stage == "shard" }.allSatisfy {
                $0.reasons.contains { $0.hasPrefix("feature parameters") }
            })
        let report = try build(fixture, out: out)
        #expect(report.units["shard"]?.rebuilt == first.shards)
        #expect(report.units["probe"]?.rebuilt == 0)
        #expect(
            try query(out, "SELECT DISTINCT features_shape FROM shards").compactMap { $0[0].text }.allSatisfy {
                $0.hasSuffix(",24,32]")
            })
    }

    @Test func addingOneSourceRewritesOnlyTheShardsWhoseMembershipChanged() throws {
        // Per-group split draws: stratified splits may move a group or two of the class that
        // gains a source (docs/balance.md), which would rewrite their shards too; this test
        // measures the shard planner alone.
        let fixture = try FolderCorpusFixture(label: "add", filesPerClass: 12, recipe: "[splits]\nstratify = false")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let membership = { () throws -> [String: Set<Int64>] in
            var m: [String: Set<Int64>] = [:]
            for row in try query(out, "SELECT shard, clip_id FROM shard_rows") {
                m[row[0].text!, default: []].insert(row[1].integer!)
            }
            return m
        }
        let before = try membership()
        try fixture.writeSource("jazz", 40)
        let report = try build(fixture, out: out)
        let after = try membership()
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(rewrittenShards(report) == changed)
        #expect((1...2).contains(changed.count), "one new source should touch one shard, two when it opens a new one")
        #expect(Set(report.removedShards) == Set(before.keys.filter { after[$0] == nil }))
        #expect(report.decodedSources <= changed.reduce(0) { $0 + (after[$1]?.count ?? 0) })
    }

    @Test func changingTheChannelSelectionProbesAgain() throws {
        let fixture = try FolderCorpusFixture(label: "channel", filesPerClass: 2)
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        try fixture.writeRecipe(
            features:
                "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 32\nchannel = 1")
        let report = try build(fixture, out: out)
        #expect(report.units["probe"]?.rebuilt == 6)
        #expect(report.rejectsByCode == ["no-such-channel": 6] && report.clips == 0)
    }

    @Test func aMissingCorpusRootStopsTheBuild() throws {
        let fixture = try FolderCorpusFixture(label: "noroot", filesPerClass: 1)
        try FileManager.default.removeItem(atPath: fixture.root)
        let outcome = try Melshard.run(["build", fixture.recipe, "--out", fixture.directory.file("out")])
        #expect(
            outcome.status == 1 && outcome.stderr.contains("is not a folder")
                && outcome.stderr.contains("--corpus music=PATH"))
    }

    @Test func aDryRunSaysWhyAndWritesNothing() throws {
        let fixture = try FolderCorpusFixture(label: "dry")
        let out = fixture.directory.file("out")
        let dry = try build(fixture, out: out, extra: ["--dry-run"])
        #expect(dry.dryRun && dry.units["probe"]?.rebuilt == 24 && dry.units["shard"]?.rebuilt == dry.shards)
        #expect(!FileManager.default.fileExists(atPath: out))
        _ = try build(fixture, out: out)
        try FileManager.default.removeItem(
            atPath: out + "/shards/" + (try FileManager.default.contentsOfDirectory(atPath: out + "/shards")[0]))
        let again = try build(fixture, out: out, extra: ["--dry-run"])
        #expect(again.rebuiltUnits.map(\.reasons) == [["file missing"]])
    }
}
