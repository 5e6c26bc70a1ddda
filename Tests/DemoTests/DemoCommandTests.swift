import Foundation
import PNG
import TestSupport
import Testing

/// `melshard demo` as a newcomer runs it, a real subprocess, then everything the README tells
/// them to do with its output: verify, read the shards from Python, draw pictures, write the
/// report. The demo runs once and the tests share it (it takes several seconds in a debug build).
@Suite struct DemoCommandTests {
    struct Demo: Sendable {
        let directory: String
        /// The exit status, stdout and stderr of `melshard demo` (-1 when it could not start).
        let outcome: (status: Int32, stdout: String, stderr: String)
        var out: String { directory + "/out/demo" }
    }

    /// Runs once per test process; the temporary folder is left for the system to clear, since
    /// the tests sharing it may finish in any order.
    static let demo: Demo = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "melshard-demo-\(UUID().uuidString)"
        ).path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let run = try? Melshard.run(["demo", "--out", directory + "/out/demo", "--jobs", "2"])
        return Demo(
            directory: directory,
            outcome: run.map { ($0.status, $0.stdout, $0.stderr) } ?? (-1, "", "could not start melshard"))
    }()

    @Test func demoBuildsEveryClipOfEveryClassAndSaysWhatItBuilt() throws {
        let demo = Self.demo
        #expect(demo.outcome.status == 0, "\(demo.outcome.stderr)")
        for (name, labels, perClass) in [
            ("gtzan", ["blues", "classical", "disco", "metal", "reggae"], 10),
            ("speech-commands", ["down", "no", "up", "yes"], 16),
        ] {
            let card =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(demo.out)/\(name)/dataset.json"))) as! [String: Any]
            #expect(card["labels"] as? [String] == labels)
            let splits = card["splits"] as! [String: [String: Any]]
            for label in labels {
                let total = splits.values.reduce(0) { $0 + (($1["per_label"] as? [String: Int])?[label] ?? 0) }
                #expect(total == perClass, "\(name) \(label): \(total) clips")
            }
            #expect((card["rejects"] as? [String: Any])?["total"] as? Int == 0)
            if name == "speech-commands" {
                // One speaker each in validation and test, six in training: 2 takes × 4 words each.
                #expect(splits["validation"]?["clips"] as? Int == 8 && splits["test"]?["clips"] as? Int == 8)
            }
        }
        let stdout = demo.outcome.stdout
        #expect(stdout.contains("GTZAN-style genres") && stdout.contains("Speech-Commands-style words"), "\(stdout)")
        #expect(stdout.contains("melshard inspect") && stdout.contains("melshard report"), "\(stdout)")
        #expect(stdout.contains("128 × 216 float16") && stdout.contains("64 × 126 float16"), "\(stdout)")
    }

    @Test func demoShardsVerify() throws {
        for name in ["gtzan", "speech-commands"] {
            let verify = try Melshard.run(["verify", "\(Self.demo.out)/\(name)"])
            #expect(verify.status == 0 && verify.stdout.contains("all intact"), "\(verify.stdout)\(verify.stderr)")
        }
    }

    /// The README's Python example, exactly as printed there, on the demo's output.
    @Test func readmePythonExampleLoadsTheShards() throws {
        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let blocks = readme.components(separatedBy: "```python\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        let example = try #require(
            blocks.first { $0.contains("Tested by Tests/DemoTests") }, "README has no tested Python example")
        let python = try PythonProcess.run(["-c", example], in: Self.demo.directory)
        let output = python.output
        #expect(
            python.status == 0,
            "the README example failed (scripts/bootstrap installs numpy and safetensors): \(output)")
        #expect(output.contains("numpy (") && output.contains(", 128, 216) float32"), "\(output)")
        let hasTorch = PythonProcess.has("torch")
        #expect(output.contains("torch (8, 1, 128, 216)") == hasTorch, "torch installed: \(hasTorch); \(output)")
    }

    /// The words' recipe has a `[train]` table, so the demo ends with a trained network: its run
    /// folder is the one `melshard train OUT` uses, complete, and its test accuracy is printed.
    @Test func demoTrainsTheRecipesNetworkAndPrintsItsTestAccuracy() throws {
        let demo = Self.demo
        let line = try #require(
            demo.outcome.stdout.split(separator: "\n").first { $0.contains("trained  small-cnn") },
            "\(demo.outcome.stdout)")
        let run = demo.out + "/speech-commands/runs/small-cnn"
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/result.json")))
                as? [String: Any])
        let accuracy = try #require(result["test_accuracy"] as? Double)
        // Four words, 8 test clips: chance is 0.25.
        #expect(accuracy >= 0.75, "test accuracy \(accuracy)")
        #expect(line.contains(String(format: "test accuracy %.3f on 8 clips", accuracy)), "\(line)")
        #expect(result["epochs"] as? Int == 15)
        // `melshard train OUT` with no options reads the recipe's table, finds the run complete and
        // prints its result without training.
        let again = try Melshard.run(["train", demo.out + "/speech-commands", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let reread = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect(reread?["test_accuracy"] as? Double == accuracy && reread?["steps"] as? Int == result["steps"] as? Int)
    }

    /// The `[train]` table is read by `melshard train`, not by the build: the same recipe without
    /// it writes the same shards, byte for byte.
    @Test func theTrainTableChangesNoShard() throws {
        let out = Self.demo.out
        let recipe = try String(
            contentsOfFile: out + "/recipes/metamers-speech-commands-demo.toml", encoding: .utf8)
        let table = try #require(recipe.range(of: "\n[train]\n"))
        let bare = out + "/recipes/metamers-speech-commands-no-train.toml"
        try String(recipe[..<table.lowerBound]).write(toFile: bare, atomically: true, encoding: .utf8)
        let built = try Melshard.run(["build", bare, "--out", Self.demo.directory + "/no-train", "--json"])
        #expect(built.status == 0, "\(built.stderr)")
        func shards(_ output: String) throws -> [String] {
            let card =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: output + "/dataset.json"))) as? [String: Any]
            return (card?["shards"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
        }
        let withTable = try shards(out + "/speech-commands")
        let withoutTable = try shards(Self.demo.directory + "/no-train")
        #expect(withTable.count == 3 && withTable == withoutTable)
    }

    @Test func inspectDrawsAClipAndAClassGridAsValidPNGs() throws {
        let gtzan = Self.demo.out + "/gtzan"
        let png = Self.demo.directory + "/clip.png"
        // The summary suggests a clip to look at; clip ids are content-derived, not 1, 2, 3.
        let suggested = try #require(Self.demo.outcome.stdout.split(separator: "\n").first { $0.contains("--clip") })
        let id = String(suggested.split(separator: " ").drop { $0 != "--clip" }.dropFirst().first ?? "")
        let clip = try Melshard.run(["inspect", gtzan, "--clip", id, "--png", png])
        #expect(clip.status == 0, "\(clip.stderr)")
        let image = try PNGImage(contentsOf: png)
        #expect(image.width > 500 && image.height > 256)

        let grid = Self.demo.directory + "/metal.png"
        let drawn = try Melshard.run(["inspect", gtzan, "--class", "metal", "--grid", grid, "--limit", "4"])
        #expect(drawn.status == 0 && drawn.stdout.contains("4 clips of class metal"), "\(drawn.stdout)\(drawn.stderr)")
        #expect(try PNGImage(contentsOf: grid).width > image.width)

        let missing = try Melshard.run(["inspect", gtzan, "--class", "polka", "--grid", grid])
        #expect(missing.status == 1 && missing.stderr.contains("classes are blues, classical"), "\(missing.stderr)")
        let unpaired = try Melshard.run(["inspect", gtzan, "--clip", id])
        #expect(unpaired.status == 64 && unpaired.stderr.contains("--png"), "\(unpaired.stderr)")
    }

    @Test func reportIsOneFileThatLoadsNothingFromTheNetwork() throws {
        let speech = Self.demo.out + "/speech-commands"
        let outcome = try Melshard.run(["report", speech])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = try String(contentsOfFile: speech + "/report.html", encoding: .utf8)
        // Inline images are base64, which may hold "//"; everything else is checked for any way to fetch.
        let text = html.components(separatedBy: "data:image/png;base64,").map { $0.drop { $0 != "\"" } }.joined()
        for network in ["http:", "https:", "//", "<link", "<script", "<iframe", "@import", "url("] {
            let found = text.contains(network)
            #expect(!found, "the report contains \(network)")
        }
        // Every image is inline, and there is one per example.
        let images = html.components(separatedBy: "<img").count - 1
        #expect(images == 8 && html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == images)
        #expect(html.contains("<svg") && html.contains("sources found (before)") && html.contains("n_mels"))
    }

    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
