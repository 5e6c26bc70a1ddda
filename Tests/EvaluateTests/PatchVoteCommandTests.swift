import Foundation
import TestSupport
import Testing

/// Study 004's pipeline end to end, each step a real `melshard` process: a build cutting every
/// source into patches, a trained network, and `melshard evaluate` voting per track with the
/// sources read from the build's index.
@Suite struct PatchVoteCommandTests {
    @Test func everyPatchOfATrackVotesTogether() throws {
        // 1.5-s sources cut into 0.25-s patches: 6 per source, all of one track in one split.
        let fixture = try FolderCorpusFixture(label: "evaluate-patches", filesPerClass: 6)
        try fixture.writeRecipe(
            "[splits]\nratios = { train = 0.5, validation = 0.17, test = 0.33 }",
            clips: "length_seconds = 0.25\ncrop = \"patches\"")
        let out = fixture.directory.file("out")
        let built = try Melshard.run(["build", fixture.recipe, "--out", out])
        #expect(built.status == 0, "\(built.stderr)")
        let run = fixture.directory.file("run")
        let trained = try Melshard.run([
            "train", out, "--model", "small-cnn", "--epochs", "2", "--batch", "8", "--run", run,
        ])
        #expect(trained.status == 0, "\(trained.stderr)")

        let outcome = try Melshard.run(["evaluate", run, "--top-k", "2", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metrics = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let vote = try #require(metrics["vote"] as? [String: Any])
        let tracks = try #require(vote["votes"] as? [[String: Any]])
        let clips = try #require(vote["clips"] as? Int)
        #expect(clips == (metrics["overall"] as? [String: Any])?["clips"] as? Int)
        #expect(!tracks.isEmpty && tracks.count * 6 == clips, "\(tracks.count) tracks, \(clips) clips")
        for track in tracks {
            let source = try #require(track["source"] as? String)
            #expect(source.hasPrefix("music:") && source.hasSuffix(".wav") && track["clips"] as? Int == 6)
            #expect((track["votes"] as? [Int])?.reduce(0, +) == 6)
        }
        let csv = try String(contentsOfFile: run + "/evaluation/test/votes.csv", encoding: .utf8)
        #expect(
            csv.hasPrefix("source,clips,label,voted,tie_broken\n")
                && csv.split(separator: "\n").count == tracks.count + 1)
    }
}
