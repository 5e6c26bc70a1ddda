import Foundation
import MelshardCore
import TestSupport
import Testing

/// `melshard train` as a user runs it: real subprocesses on `melshard demo`'s Speech-Commands-style
/// build (4 words, 48 training clips of 64 × 126), killed with SIGKILL at random instants and
/// started again.
@Suite(.serialized) struct TrainCommandTests {
    /// The demo's output, built once per test process.
    static let demo: String? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "melshard-train-\(UUID().uuidString)"
        ).path
        let out = directory + "/demo"
        guard let run = try? Melshard.run(["demo", "--out", out, "--jobs", "2"]), run.status == 0 else { return nil }
        return out + "/speech-commands"
    }()

    static let arguments = [
        "--model", "small-cnn", "--epochs", "4", "--batch", "8", "--checkpoint-every", "4", "--lr", "0.01",
    ]

    static func train(_ dataset: String, run: String, _ extra: [String] = []) throws -> Melshard.Outcome {
        try Melshard.run(["train", dataset, "--run", run] + arguments + extra)
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func trainsAboveChanceAndWritesACompleteRunFolder() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let run = TemporaryDirectory("train-run").file("run")
        // Longer than the other tests' runs: 10 epochs of 6 steps (a few seconds).
        let outcome = try Self.train(dataset, run: run, ["--json", "--epochs", "10"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let accuracy = try #require(result?["test_accuracy"] as? Double)
        let loss = try #require(result?["test_loss"] as? Double)
        // Four balanced words in 8 test clips: chance is 0.25, i.e. 2 clips, and a loss of ln 4.
        // The trajectory depends on OpenBLAS's kernel for the CPU (docs/train.md): at least 6 of
        // 8 where it chose `Zen`, 5 of 8 (loss 0.58) where it chose `Cooperlake`. At least 5 of 8
        // has a 2.7 % chance under guessing; the loss must also be below half of chance's.
        #expect(accuracy >= 0.625, "test accuracy \(accuracy)")
        #expect(loss < 0.5 * log(4.0), "test loss \(loss)")
        for file in [
            "config.json", "metrics.sqlite", "curves.png", "result.json", "checkpoints/best/model.safetensors",
        ] {
            #expect(FileManager.default.fileExists(atPath: run + "/" + file), "\(file) missing")
        }
        // Run again: the run is complete, so nothing is trained and the same result comes back.
        let again = try Self.train(dataset, run: run, ["--json", "--epochs", "10"])
        #expect(again.status == 0 && again.stdout == outcome.stdout, "\(again.stderr)")
    }

    @Test func sameCommandSameBytesAndAKilledRunResumesToThem() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let scratch = TemporaryDirectory("train-resume")
        let reference = scratch.file("reference"), repeated = scratch.file("repeated"), killed = scratch.file("killed")
        let started = Date()
        #expect(try Self.train(dataset, run: reference).status == 0)
        let seconds = Date().timeIntervalSince(started)
        #expect(try Self.train(dataset, run: repeated).status == 0)

        // Kill at seeded random instants across the run's length, then let it finish.
        var random = SeededRandom(seed: 20261202, stream: "kill-instants")
        var kills = 0
        for _ in 0..<4 {
            var train = Melshard.child(["train", dataset, "--run", killed] + Self.arguments)
            (train.standardOutput, train.standardError) = (.discarded, .discarded)
            let child = try train.start()
            usleep(UInt32(random.nextUnit() * seconds * 0.9 * 1_000_000))
            if child.isRunning { child.kill(SIGKILL); kills += 1 }
            _ = child.wait()
        }
        #expect(kills >= 2, "the run finished before most kills; they tested nothing")
        // Finished with two threads: a thread count changes no bit, so the resume may change it.
        #expect(try Self.train(dataset, run: killed, ["--threads", "2"]).status == 0)

        for file in ["checkpoints/best/model.safetensors", "checkpoints/best/optimizer.safetensors", "result.json"] {
            let expected = try #require(Self.bytes(reference + "/" + file), "\(file) missing")
            #expect(Self.bytes(repeated + "/" + file) == expected, "\(file) differs between two identical runs")
            #expect(Self.bytes(killed + "/" + file) == expected, "\(file) differs after \(kills) kills and resumes")
        }
    }

    @Test func theRecipesTableTrainsWithoutOptionsAndTheRunSaysWhereEachSettingCameFrom() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let scratch = TemporaryDirectory("train-sources")
        let run = scratch.file("run")
        // No --model: the demo recipe's [train] table names small-cnn, batch 8, lr 0.01.
        let outcome = try Melshard.run([
            "train", dataset, "--epochs", "1", "--set", "weight_decay=1e-4", "--set", "label_smoothing=0.1", "--run",
            run, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/config.json")))
                as? [String: Any])
        let train = try #require(config["train"] as? [String: Any])
        let sources = try #require(config["train_sources"] as? [String: String])
        #expect(train["model"] as? String == "small-cnn" && sources["model"] == "recipe")
        #expect(train["batch_size"] as? Int == 8 && sources["batch_size"] == "recipe")
        #expect(train["epochs"] as? Int == 1 && sources["epochs"] == "command line")
        #expect(train["weight_decay"] as? Double == 1e-4 && sources["weight_decay"] == "command line")
        #expect(train["label_smoothing"] as? Double == 0.1 && sources["label_smoothing"] == "command line")
        #expect(train["momentum"] as? Double == 0.9 && sources["momentum"] == "default")
        #expect(
            Set(sources.values) == ["recipe", "command line", "default"] && Set(train.keys).isSubset(of: sources.keys))
        // A value --set cannot read is refused before anything is written.
        let bad = try Melshard.run(["train", dataset, "--set", "epochs=many", "--run", scratch.file("bad")])
        #expect(bad.status == 64 && bad.stderr.contains("epochs = many: expected an integer"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("bad")))
    }

    @Test func aRunKilledBeforeWritingItsConfigStartsAgainInItsFolder() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let scratch = TemporaryDirectory("train-unstarted")
        // What a kill between making the folder and writing config.json leaves behind.
        let run = scratch.file("run")
        try FileManager.default.createDirectory(atPath: run + "/checkpoints", withIntermediateDirectories: true)
        let outcome = try Self.train(dataset, run: run, ["--epochs", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: run + "/result.json"))
        // A folder holding anything more is still not taken for a run.
        let other = scratch.file("other")
        try FileManager.default.createDirectory(atPath: other + "/checkpoints/x", withIntermediateDirectories: true)
        let refused = try Self.train(dataset, run: other, ["--epochs", "1"])
        #expect(refused.status == 1 && refused.stderr.contains("is not a melshard run folder"), "\(refused.stderr)")
    }

    @Test func aNaNLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let run = TemporaryDirectory("train-nan").file("run")
        // Adam moves each weight by about the learning rate, so 1e30 overflows the first step's logits.
        let outcome = try Melshard.run([
            "train", dataset, "--model", "small-cnn", "--epochs", "2", "--batch", "8", "--lr", "1e30",
            "--checkpoint-every", "1", "--run", run,
        ])
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.contains(
                "the loss became NaN at step 2; stopped. The last good checkpoint, \(run)/checkpoints/step-00000001, is intact"
            ),
            "\(outcome.stderr)")
        let state = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: run + "/checkpoints/step-00000001/state.json")))
        #expect((state as? [String: Any])?["step"] as? Int == 1)
        #expect(!FileManager.default.fileExists(atPath: run + "/result.json"), "a stopped run must not look complete")
    }

    @Test func badInputIsOneLineAndLeavesNoRunFolder() throws {
        let dataset = try #require(Self.demo, "melshard demo failed")
        let scratch = TemporaryDirectory("train-bad")
        let cases: [([String], String)] = [
            (["train", dataset, "--model", "resnet-9000"], "unknown model \"resnet-9000\"; known models: small-cnn"),
            (
                ["train", dataset, "--model", "small-cnn", "--lr", "nan"],
                "learning_rate = nan: must be a finite number above 0"
            ),
            (["train", scratch.file("nothing"), "--model", "small-cnn"], "dataset.json"),
            (["train", dataset, "--model", "small-cnn", "--fold", "2"], "--fold 2 given, but the build has no folds"),
            // Pons' Black-box is built for 40 × 80 patches; the demo's words are 64 × 126. The batch
            // of 8 is the demo recipe's [train] batch_size.
            (
                ["train", dataset, "--model", "pons-black-box"],
                "model pons-black-box does not fit clips of shape [1, 64, 126]: layer fc (Linear(in_features=16352, out_features=200, bias=True)): input [8, 49504]"
            ),
        ]
        for (arguments, message) in cases {
            let run = scratch.file("run-\(arguments.count)-\(message.count)")
            let outcome = try Melshard.run(arguments + ["--run", run])
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "not one line: \(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: run), "\(arguments) left a run folder")
        }
    }
}
