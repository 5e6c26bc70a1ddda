import Build
import Foundation
import Testing
import TestSupport

/// A real `melshard build` subprocess is SIGKILLed at exact instants (`MELSHARD_KILL_AT`, see
/// FaultInjection), then built again without it; the result must equal a clean build's.
@Suite struct KillResumeTests {
    static let points = [
        "probe-batch:1",    // ingest: 256 of 300 probes committed, the rest not yet probed
        "shard-written:2",  // a shard's temporary file is complete, not yet renamed
        "shard-renamed:3",  // a shard is in place, not yet recorded in the index
    ]

    @Test(arguments: points)
    func aKilledBuildResumesToExactlyACleanBuild(point: String) throws {
        let fixture = try FolderCorpusFixture(label: "kill", filesPerClass: 100, seconds: 0.6,
                                              recipe: "")
        try fixture.writeRecipe(clips: "length_seconds = 0.5\ncrop = \"start\"", shards: "clips_per_shard = 40")
        let clean = fixture.directory.file("clean"), resumed = fixture.directory.file("resumed")
        let cleanReport = try build(fixture, out: clean, jobs: 2)

        let killed = try Melshard.run(["build", fixture.recipe, "--out", resumed, "--jobs", "2", "--json"],
                                      environment: ["MELSHARD_KILL_AT": point])
        #expect(killed.killedBySignal && killed.status == SIGKILL, "the build should have died at \(point)")
        #expect(!FileManager.default.fileExists(atPath: resumed + "/dataset.json"))

        let report = try build(fixture, out: resumed, jobs: 2)
        #expect(report.clips == cleanReport.clips)
        if point.hasPrefix("shard") {
            #expect(report.units["shard"]!.reused >= 1, "shards committed before the kill are reused")
            #expect(report.units["probe"]?.rebuilt == 0)
        } else {
            #expect(report.units["probe"]?.reused == 256 && report.units["probe"]?.rebuilt == 44)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: resumed + "/shards").filter { $0.hasPrefix(".tmp-") }
        #expect(leftovers.isEmpty)
        #expect(try OutputSnapshot(resumed) == OutputSnapshot(clean))
    }
}
