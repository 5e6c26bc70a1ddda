import Build
import Foundation
import TestSupport
import Testing

/// A real `melshard build` subprocess is SIGKILLed at exact instants (`MELSHARD_KILL_AT`, see
/// FaultInjection), then built again without it; the result must equal a clean build's.
@Suite struct KillResumeTests {
    /// With one job a shard is committed before the next one is written, so the number of
    /// shards in the index at the kill is known; with two jobs it depends on scheduling (a
    /// worker may finish its shard before the main thread commits the other's), so that case
    /// checks reuse against what the killed build's index actually holds.
    static let points = [
        "probe-batch:1",  // ingest: 256 of 300 probes committed, the rest not yet probed
        "shard-written:2",  // a shard's temporary file is complete, not yet renamed
        "shard-renamed:3",  // a shard is in place, not yet recorded in the index
        "shard-written:3",
    ]
    static let killedJobs = [2, 1, 1, 2]

    @Test(arguments: zip(points, killedJobs))
    func aKilledBuildResumesToExactlyACleanBuild(point: String, killedJobs: Int) throws {
        let fixture = try FolderCorpusFixture(
            label: "kill", filesPerClass: 100, seconds: 0.6,
            recipe: "")
        try fixture.writeRecipe(clips: "length_seconds = 0.5\ncrop = \"start\"", shards: "clips_per_shard = 40")
        let clean = fixture.directory.file("clean"), resumed = fixture.directory.file("resumed")
        let cleanReport = try build(fixture, out: clean, jobs: 2)

        let killed = try Melshard.run(
            ["build", fixture.recipe, "--out", resumed, "--jobs", String(killedJobs), "--json"],
            environment: ["MELSHARD_KILL_AT": point])
        #expect(killed.killedBySignal && killed.status == SIGKILL, "the build should have died at \(point)")
        #expect(!FileManager.default.fileExists(atPath: resumed + "/dataset.json"))
        let committed = try query(resumed, "SELECT count(*) FROM shards")[0][0].int ?? -1

        let report = try build(fixture, out: resumed, jobs: 2)
        #expect(report.clips == cleanReport.clips)
        if point.hasPrefix("shard") {
            let shardUnits = report.units["shard"]!
            #expect(shardUnits.reused == committed, "exactly the shards committed before the kill are reused")
            if killedJobs == 1 {
                let ordinal = Int(point.split(separator: ":")[1])!
                #expect(committed == ordinal - 1, "one job commits each shard before writing the next")
            }
            #expect(report.units["probe"]?.rebuilt == 0)
        } else {
            #expect(committed == 0)
            #expect(report.units["probe"]?.reused == 256 && report.units["probe"]?.rebuilt == 44)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: resumed + "/shards").filter {
            $0.hasPrefix(".tmp-")
        }
        #expect(leftovers.isEmpty)
        #expect(try OutputSnapshot(resumed) == OutputSnapshot(clean))
    }
}
