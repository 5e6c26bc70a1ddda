import Foundation
import MelshardCore
import TestSupport
import Testing

/// `melshard train OUT --folds all` as a user runs it: a real 3-fold build of a small folder
/// corpus (3 classes × 6 files × 3 clips), every fold trained in turn by real subprocesses,
/// killed with SIGKILL at random instants and started again.
@Suite(.serialized) struct FoldRunsCommandTests {
    static let folds = 3

    /// The corpus and its k-fold build, made once per test process (kept alive with it: the
    /// fixture's folder goes when it does). The recipe's `[train]` table names the network and
    /// settings, so the commands below give no --model.
    nonisolated(unsafe) static let fixture = try? FolderCorpusFixture(
        label: "train-folds", classes: ["jazz", "rock", "speech"], filesPerClass: 6,
        recipe: """
            [splits]
            method = "kfold"
            folds = \(folds)

            [train]
            model = "small-cnn"
            epochs = 3
            batch_size = 6
            learning_rate = 0.01
            checkpoint_every = 2
            """)

    static let build: String? = {
        guard let fixture else { return nil }
        let out = fixture.directory.file("out")
        guard let build = try? Melshard.run(["build", fixture.recipe, "--out", out]), build.status == 0 else {
            return nil
        }
        return out
    }()

    static func trainAll(_ parent: String, _ extra: [String] = []) throws -> Melshard.Outcome {
        try Melshard.run(["train", try #require(build), "--folds", "all", "--run", parent] + extra)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Every file under `folder` with its bytes and modification time.
    static func snapshot(_ folder: String) -> [String: (Data?, Date?)] {
        var files: [String: (Data?, Date?)] = [:]
        for case let file as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] {
            let path = folder + "/" + file
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            files[file] = (FileManager.default.contents(atPath: path), attributes?[.modificationDate] as? Date)
        }
        return files
    }

    @Test func everyFoldTrainsInItsOwnRunAndTheSummaryListsThem() throws {
        let scratch = TemporaryDirectory("train-folds-all")
        let parent = scratch.file("folds")
        let outcome = try Self.trainAll(parent, ["--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try Self.json(parent + "/folds.json")
        #expect(summary["format"] as? String == "melshard-folds" && summary["format_version"] as? Int == 1)
        #expect(summary["model"] as? String == "small-cnn" && summary["folds"] as? Int == Self.folds)
        let runs = try #require(summary["runs"] as? [[String: Any]])
        #expect(runs.map { $0["fold"] as? Int } == [0, 1, 2])
        var accuracies: [Double] = []
        for (k, run) in runs.enumerated() {
            #expect(run["run"] as? String == "fold-\(k)")
            let folder = parent + "/fold-\(k)"
            let result = try Self.json(folder + "/result.json")
            let accuracy = try #require(run["test_accuracy"] as? Double)
            #expect(accuracy == result["test_accuracy"] as? Double)
            #expect(run["validation_accuracy"] is Double && run["test_clips"] as? Int == 18)
            accuracies.append(accuracy)
            // Each fold is an ordinary run: tested on fold K, its settings from the recipe but the fold.
            let config = try Self.json(folder + "/config.json")
            let train = try #require(config["train"] as? [String: Any])
            let sources = try #require(config["train_sources"] as? [String: String])
            #expect(train["fold"] as? Int == k && sources["fold"] == "command line")
            #expect(train["epochs"] as? Int == 3 && sources["epochs"] == "recipe" && sources["seed"] == "default")
        }
        let mean = try #require(summary["mean_test_accuracy"] as? Double)
        #expect(abs(mean - accuracies.reduce(0, +) / 3) < 1e-12)
        // --json prints the summary it wrote.
        let printed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(printed?["mean_test_accuracy"] as? Double == mean)

        // The same command again: every fold is finished, so nothing is trained or rewritten
        // but folds.json, which is written with the same bytes.
        let before = Self.snapshot(parent)
        usleep(20_000)
        let again = try Self.trainAll(parent, ["--json"])
        #expect(again.status == 0 && again.stdout == outcome.stdout, "\(again.stderr)")
        let after = Self.snapshot(parent)
        #expect(Set(after.keys) == Set(before.keys))
        for (file, (bytes, date)) in before {
            #expect(after[file]?.0 == bytes, "\(file) changed")
            if file != "folds.json" { #expect(after[file]?.1 == date, "\(file) was written again") }
        }
    }

    @Test func aKilledRunContinuesAtItsFoldAndEndsWithTheSameBytes() throws {
        let scratch = TemporaryDirectory("train-folds-resume")
        let reference = scratch.file("reference"), killed = scratch.file("killed")
        let started = Date()
        #expect(try Self.trainAll(reference).status == 0)
        let seconds = Date().timeIntervalSince(started)

        var random = SeededRandom(seed: 20261203, stream: "fold-kill-instants")
        var kills = 0
        // Instants within the first half of a whole run: each restart has less left to do.
        for _ in 0..<6 {
            var train = Melshard.child(["train", try #require(Self.build), "--folds", "all", "--run", killed])
            (train.standardOutput, train.standardError) = (.discarded, .discarded)
            let child = try train.start()
            usleep(UInt32((0.1 + 0.35 * random.nextUnit()) * seconds * 1_000_000))
            if child.isRunning { child.kill(SIGKILL); kills += 1 }
            _ = child.wait()
        }
        #expect(kills >= 2, "the runs finished before most kills; they tested nothing")
        // Each restart skipped the folds already finished, so the folds summary grew across kills.
        let finished = try Self.trainAll(killed)
        #expect(finished.status == 0, "\(finished.stderr)")

        var files = ["folds.json"]
        for k in 0..<Self.folds {
            files += ["best/model.safetensors", "best/optimizer.safetensors"].map { "fold-\(k)/checkpoints/\($0)" }
            files.append("fold-\(k)/result.json")
        }
        for file in files {
            let expected = try #require(FileManager.default.contents(atPath: reference + "/" + file), "\(file)")
            #expect(
                FileManager.default.contents(atPath: killed + "/" + file) == expected,
                "\(file) differs after \(kills) kills and resumes")
        }
    }

    @Test func refusalsAreOneLineAndWriteNothing() throws {
        let dataset = try #require(Self.build)
        let scratch = TemporaryDirectory("train-folds-bad")
        let stranger = scratch.file("stranger")
        try FileManager.default.createDirectory(atPath: stranger, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: stranger + "/notes.txt"))
        let cases: [([String], Int32, String)] = [
            (
                ["--folds", "all", "--run", stranger], 1,
                "is not a melshard run folder (it holds notes.txt but no folds.json)"
            ),
            (["--folds", "some", "--run", scratch.file("a")], 64, "--folds some: expected all"),
            (["--folds", "all", "--fold", "1", "--run", scratch.file("b")], 64, "--folds all and --fold 1"),
            (["--folds", "all", "--model", "nonet", "--run", scratch.file("c")], 1, "unknown model \"nonet\""),
        ]
        for (arguments, status, message) in cases {
            let outcome = try Melshard.run(["train", dataset] + arguments)
            #expect(outcome.status == status, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        for name in ["a", "b", "c"] { #expect(!FileManager.default.fileExists(atPath: scratch.file(name))) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: stranger) == ["notes.txt"])
    }
}
