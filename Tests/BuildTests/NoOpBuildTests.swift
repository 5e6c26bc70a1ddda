import Build
import Foundation
import TestSupport
import Testing

/// A build whose scan finds the inputs of the last finished build, and its outputs as that build
/// left them, stops after the scan (docs/build.md, "No-op builds"). Everything else takes the
/// full path, which these tests compare against.
@Suite struct NoOpBuildTests {
    /// What the two paths must report alike.
    struct Counts: Equatable {
        var units: [String: BuildReport.UnitCounts]
        var rebuilt, reused, sources, clips, shards, rejects, ignoredFiles, decodedSources: Int
        var rejectsByCode: [String: Int]
        var warnings: [String]
        var rebuiltUnits: [BuildReport.RebuiltUnit]

        init(_ r: BuildReport) {
            (units, rebuilt, reused, sources, clips) = (r.units, r.rebuilt, r.reused, r.sources, r.clips)
            (shards, rejects, ignoredFiles, decodedSources) = (r.shards, r.rejects, r.ignoredFiles, r.decodedSources)
            (rejectsByCode, warnings, rebuiltUnits) = (r.rejectsByCode, r.warnings, r.rebuiltUnits)
        }
    }

    /// The fixture with one unreadable file (a probe reject) and one ignored file, so the
    /// summary carries rejects and the scan's counts.
    static func fixture(_ label: String) throws -> FolderCorpusFixture {
        let fixture = try FolderCorpusFixture(label: label)
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: fixture.root + "/rock/broken.wav"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: fixture.root + "/rock/README.txt"))
        return fixture
    }

    @Test func anUnchangedBuildStopsAfterTheScanAndReportsWhatTheFullPathReports() throws {
        let fixture = try Self.fixture("noop-fast")
        let out = fixture.directory.file("out")
        let first = try build(fixture, out: out)
        #expect(!first.inputsUnchanged)
        #expect(first.rejects == 1 && first.ignoredFiles == 1)
        let built = try OutputSnapshot(out)

        let fast = try build(fixture, out: out)
        #expect(fast.inputsUnchanged)
        #expect(fast.rebuilt == 0 && fast.reused == first.rebuilt + first.reused)

        // A shard touched but unchanged sends the next build down the full path (which hashes it
        // and records the new time): its report must be the fast one's, field for field.
        let shard =
            out + "/shards/" + (try FileManager.default.contentsOfDirectory(atPath: out + "/shards").sorted()[0])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: shard)
        let full = try build(fixture, out: out)
        #expect(!full.inputsUnchanged)
        #expect(Counts(full) == Counts(fast))
        #expect(try OutputSnapshot(out) == built)

        // The full path records the inputs again, and a dry run (what `status` makes) agrees.
        #expect(try build(fixture, out: out).inputsUnchanged)
        let dry = try build(fixture, out: out, extra: ["--dry-run"])
        #expect(dry.inputsUnchanged && Counts(dry) == Counts(fast))
        #expect(try OutputSnapshot(out) == built)
    }

    @Test func aChangedInputOrAMissingOutputTakesTheFullPath() throws {
        let fixture = try Self.fixture("noop-changed")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)

        // A source's time changed: probed again, nothing else (its new time is in `sources`).
        let source = fixture.root + "/" + FolderCorpusFixture.path("jazz", 0)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: source)
        let touched = try build(fixture, out: out)
        #expect(!touched.inputsUnchanged && touched.units["probe"]?.rebuilt == 1)
        let built = try OutputSnapshot(out)

        // A shard deleted: written again, to the same bytes.
        let name = try FileManager.default.contentsOfDirectory(atPath: out + "/shards").sorted()[0]
        try FileManager.default.removeItem(atPath: out + "/shards/" + name)
        let missing = try build(fixture, out: out)
        #expect(!missing.inputsUnchanged && missing.units["shard"]?.rebuilt == 1)

        // The card damaged: written again.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: out + "/dataset.json"))
        let card = try build(fixture, out: out)
        #expect(!card.inputsUnchanged && card.rebuilt == 0)
        #expect(try OutputSnapshot(out) == built)

        // A file added to the corpus, and the recipe changed.
        try fixture.writeSource("jazz", 30)
        #expect(try !build(fixture, out: out).inputsUnchanged)
        try fixture.writeRecipe(clips: "length_seconds = 0.5\ncrop = \"random\"\nper_source = 2")
        #expect(try !build(fixture, out: out).inputsUnchanged)
    }

    @Test func aStrictBuildStillFailsOnTheRejectsOfAnUnchangedOne() throws {
        let fixture = try Self.fixture("noop-strict")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        #expect(try build(fixture, out: out).inputsUnchanged)
        let strict = try Melshard.run(["build", fixture.recipe, "--out", out, "--strict", "--json"])
        #expect(strict.status != 0 && strict.stderr.contains("broken.wav"))
    }

    /// A killed build leaves the newest `builds` row open; until a build finishes, none stops
    /// early, even with the inputs of the last finished one: the killed build may have
    /// rewritten the plan tables for other inputs.
    @Test func aBuildAfterAKilledOneTakesTheFullPathEvenWithTheOldInputs() throws {
        let fixture = try Self.fixture("noop-killed")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let built = try OutputSnapshot(out)
        try fixture.writeRecipe(
            features: "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 24")
        let killed = try Melshard.run(
            ["build", fixture.recipe, "--out", out, "--json"], environment: ["MELSHARD_KILL_AT": "shard-batch:1"])
        #expect(killed.killedBySignal)
        try fixture.writeRecipe()
        let resumed = try build(fixture, out: out)
        #expect(!resumed.inputsUnchanged && resumed.units["plan"]?.rebuilt == 1)
        #expect(try OutputSnapshot(out) == built)
        #expect(try build(fixture, out: out).inputsUnchanged)
    }
}
