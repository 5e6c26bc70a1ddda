import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

/// Each study's recipe in `manifests/`, built from a small generated corpus in its own layout and
/// trained end to end by real `melshard build` and `melshard train` processes, its `[train]`
/// table as written. The recipes are shrunk only where their comments say so below (fewer folds,
/// fewer clips); the training runs one epoch (`--epochs 1`, the one option given) so that each
/// study's network takes a few steps, at its study's input shape, with the study's optimiser,
/// batch size, schedule and stopping rule.
@Suite(.serialized) struct StudyRecipeTrainingTests {
    static let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("manifests").path

    /// The manifest's text with each change applied; a change whose text is not found fails the
    /// test, so an edited manifest cannot silently escape its shrinking.
    static func shrunk(_ file: String, _ changes: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: manifests + "/" + file, encoding: .utf8)
        for (old, new) in changes {
            #expect(text.contains(old), "\(file) no longer holds \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// Writes `recipe` beside the fixture's corpus, builds it with `--corpus NAME=ROOT`, trains
    /// it with `melshard train OUT` and `options`, and checks that the run used the recipe's
    /// `[train]` table: every key the table sets is in the run's settings with source "recipe",
    /// but those the options override.
    static func buildAndTrain(
        _ fixture: CorpusFixture, recipe: String, corpus: String, options: [String], runs: [String],
        roots: [String: String]? = nil
    ) throws -> [String: Any] {
        try recipe.write(toFile: fixture.recipe, atomically: true, encoding: .utf8)
        let corpora = (roots ?? [corpus: fixture.root]).sorted { $0.key < $1.key }.flatMap {
            ["--corpus", "\($0)=\($1)"]
        }
        let build = try Melshard.run(["build", fixture.recipe, "--out", fixture.output, "--json"] + corpora)
        try #require(build.status == 0, "\(build.stderr)")
        let card = try json(fixture.output + "/dataset.json")
        let table = try #require(
            (card["recipe"] as? [String: Any])?["train"] as? [String: Any], "no [train] in the card")
        let started = Date()
        let train = try Melshard.run(["train", fixture.output] + options)
        try #require(train.status == 0, "\(train.stderr)")
        let seconds = Date().timeIntervalSince(started)
        let overridden = Set(["epochs", "fold"])
        for run in runs {
            let folder = fixture.output + "/runs/" + run
            #expect(FileManager.default.fileExists(atPath: folder + "/checkpoints/best/model.safetensors"), "\(run)")
            let result = try json(folder + "/result.json")
            #expect((result["steps"] as? Int ?? 0) >= 1, "\(run): \(result)")
            let config = try json(folder + "/config.json")
            let settings = try #require(config["train"] as? [String: Any])
            let sources = try #require(config["train_sources"] as? [String: String])
            for (key, value) in table where !overridden.contains(key) {
                #expect(sources[key] == "recipe", "\(run): \(key) from \(sources[key] ?? "nowhere")")
                #expect("\(settings[key] ?? "unset")" == "\(value)", "\(run): \(key)")
            }
            #expect(settings["epochs"] as? Int == 1 && sources["epochs"] == "command line")
        }
        print("study recipe \(card["name"] ?? ""): trained \(runs) in \(String(format: "%.1f", seconds)) s")
        return card
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Study 001: mini_speech_commands' `WORD/SPEAKER_nohash_N.wav`, all 8 words, 4 speakers chosen
    /// so that TensorFlow's hash rule puts 2 in train, 1 in validation and 1 in test (the early
    /// stopping needs a validation split). lu-2d on the recipe's 32 × 32 resize.
    @Test func metamersRecipeTrainsLu2D() throws {
        let fixture = try CorpusFixture("study-001")
        let words = ["down", "go", "left", "no", "right", "stop", "up", "yes"]
        for word in words {
            for speaker in ["1d2e3dbc", "e34cdfb9", "95ecd2c9", "6019b990"] {
                try fixture.audio("\(word)/\(speaker)_nohash_0.wav", seconds: 1, rate: 16000)
            }
        }
        let card = try Self.buildAndTrain(
            fixture, recipe: try Self.shrunk("metamers-speech-commands.toml"), corpus: "speech",
            options: ["--epochs", "1"], runs: ["lu-2d"])
        #expect((card["features"] as? [String: Any])?["shape"] as? [Int] == [32, 32])
    }

    /// Study 002: GTZAN's `genres/GENRE/GENRE.000NN.au`, 3 genres × 5 clips of 30 s, the recipe
    /// as written (30-s clips, 70/15/15), training the study's base CNN on 128 × 1292.
    @Test func renRecipeTrainsItsNetwork() throws {
        let fixture = try CorpusFixture("study-002")
        for genre in ["blues", "jazz", "rock"] {
            for i in 0..<5 {
                try fixture.audio(
                    "genres/\(genre)/\(genre).0000\(i).au", seconds: 30, rate: 22050, format: .au16)
            }
        }
        let card = try Self.buildAndTrain(
            fixture, recipe: try Self.shrunk("ren-gtzan.toml"), corpus: "gtzan", options: ["--epochs", "1"],
            runs: ["ren-base"])
        #expect((card["features"] as? [String: Any])?["shape"] as? [Int] == [128, 1292])
    }

    /// Study 003: a MUSDB18-HQ `train/` and `test/` of four 21-s tracks of stems (one of them a
    /// musdb validation track), every stem playing throughout: 2 segments × 15 stem
    /// combinations per track. The gebhardt network on 80 × 300, multi-label.
    @Test func gebhardtRecipeTrainsGebhardt() throws {
        let fixture = try CorpusFixture("study-003")
        let rate = 22050
        for (t, track) in ["train/Alpha - One", "train/Actions - One Minute Smile", "test/Gamma - Three"].enumerated() {
            for (s, stem) in ["drums", "bass", "other", "vocals", "mixture"].enumerated() {
                let frequency = 110 * Double(s + 1) + 7 * Double(t)
                let samples = (0..<(21 * rate)).map {
                    Float(0.3 * sin(2 * .pi * frequency * Double($0) / Double(rate)))
                }
                try FileManager.default.createDirectory(
                    atPath: fixture.root + "/" + track, withIntermediateDirectories: true)
                try SoundFile.write(
                    samples, sampleRate: rate, format: .wav16, to: fixture.root + "/\(track)/\(stem).wav")
            }
        }
        let card = try Self.buildAndTrain(
            fixture, recipe: try Self.shrunk("gebhardt-musdb-instruments.toml"), corpus: "musdb",
            options: ["--epochs", "1"], runs: ["gebhardt"])
        #expect((card["features"] as? [String: Any])?["shape"] as? [Int] == [80, 300])
        #expect(card["task"] as? String == "multi-label")
    }

    /// Study 004: Ballroom's `BallroomData/DANCE/NAME.wav`, 8 dances (Rumba's folders merged) ×
    /// 3 tracks of 2 s: one 80-frame patch each. Shrunk from 10 folds to 3 (24 tracks cannot fill
    /// 10 stratified folds, and ten runs of the 3.3-million-parameter Black-box is more than a
    /// test needs); trained with `--folds all`, the way the recipe's comment says to run it.
    @Test func ponsRecipeTrainsEveryFoldOfTheBlackBox() throws {
        let fixture = try CorpusFixture("study-004")
        let dances = ["ChaChaCha", "Jive", "Quickstep", "Rumba-American", "Samba", "Tango", "VienneseWaltz", "Waltz"]
        for dance in dances {
            for i in 0..<3 {
                try fixture.audio("BallroomData/\(dance)/fixture-\(dance)-\(i).wav", seconds: 2, rate: 44100)
            }
        }
        let card = try Self.buildAndTrain(
            fixture, recipe: try Self.shrunk("pons-ballroom.toml", [("folds = 10", "folds = 3")]),
            corpus: "ballroom", options: ["--folds", "all", "--epochs", "1"],
            runs: ["pons-black-box-folds/fold-0", "pons-black-box-folds/fold-1", "pons-black-box-folds/fold-2"])
        #expect((card["features"] as? [String: Any])?["shape"] as? [Int] == [40, 80])
        let summary = try Self.json(fixture.output + "/runs/pons-black-box-folds/folds.json")
        #expect((summary["runs"] as? [Any])?.count == 3 && summary["mean_test_accuracy"] is Double)
    }

    /// Study 000: an MTG-Jamendo tree (`data/autotagging.tsv`, `audio/NN/ID.mp3`: 2 genres × 6
    /// tracks of 4 s, one artist each) and a Common Voice locale (`validated.tsv`, `clips/*.mp3`:
    /// 16 sentences read by espeak-ng, from `melshard align generate`), aligned by the recipe's
    /// synthesized aligner. Shrunk: 2 genres and 2 words instead of 61 and
    /// 467 (`top_tags`, `top_k`, and the minimum counts to 2), 6 clips per class instead of
    /// 15,000. AlexNet on the 128 × 128 input as the table says; VGG-16 takes the same recipe
    /// with `--model vgg16` (about 2 clips/s here, so left out of the test).
    @Test func heydarshahiRecipeTrainsAlexNetOnBothTasks() throws {
        let fixture = try CorpusFixture("study-000")
        let jamendo = fixture.root + "/jamendo", voice = fixture.root + "/common-voice"
        var rows: [String] = []
        for (g, genre) in ["rock", "pop"].enumerated() {
            for i in 0..<6 {
                let track = 100 + 10 * g + i
                let path = String(format: "%02d/%d.mp3", track % 100, track)
                try fixture.audio("jamendo/audio/" + path, seconds: 4, rate: 16000, format: .mp3)
                rows.append(
                    [
                        String(format: "track_%07d", track), String(format: "artist_%06d", track),
                        String(format: "album_%06d", track), path, "212.7", "genre---\(genre)",
                    ].joined(separator: "\t"))
            }
        }
        try fixture.text(
            "jamendo/data/autotagging.tsv",
            (["TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS"] + rows).map { $0 + "\r\n" }.joined())
        // Spoken sentences whose words the synthesized aligner can place: melshard's own
        // Common-Voice-style generator (espeak-ng voices, noise and silences, validated.tsv).
        let generated = try Melshard.run(["align", "generate", "--out", voice, "--sentences", "16", "--no-festival"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let recipe = try Self.shrunk(
            "heydarshahi-words-and-music.toml",
            [
                ("min_tracks_per_tag = 400", "min_tracks_per_tag = 2"), ("top_tags = 61", "top_tags = 2"),
                ("top_k = 467", "top_k = 2"), ("min_occurrences = 400", "min_occurrences = 2"),
                ("per_class = 15000", "per_class = 6"),
                (
                    #"stop_words = "heydarshahi-stop-words.txt""#,
                    #"stop_words = "\#(Self.manifests)/heydarshahi-stop-words.txt""#
                ),
            ])
        let card = try Self.buildAndTrain(
            fixture, recipe: recipe, corpus: "jamendo", options: ["--epochs", "1"], runs: ["alexnet-kell"],
            roots: ["jamendo": jamendo, "common-voice": voice])
        #expect((card["features"] as? [String: Any])?["shape"] as? [Int] == [128, 128])
        // One class per clip, so the loss is the study's softmax cross-entropy, not sigmoid BCE.
        #expect(card["task"] as? String == "single-label")
        let labels = card["labels"] as? [String] ?? []
        // Two genres and the two most frequent words, in one combined label space.
        #expect(labels.count == 4 && Set(labels).isSuperset(of: ["pop", "rock"]), "\(labels) \(card["rejects"] ?? "")")
        // The dual-task run reports each task's test accuracy among its own classes.
        let dual = try Self.json(fixture.output + "/runs/alexnet-kell/result.json")
        try #require((dual["test_clips"] as? Int ?? 0) > 0, "no test clips: \(dual)")
        let tasks = dual["test_task_accuracy"] as? [String: Double] ?? [:]
        #expect(!tasks.isEmpty && Set(tasks.keys).isSubset(of: ["music", "words"]), "\(dual)")
        // A single-task music network beside it: the genres' clips, two outputs (small-cnn here,
        // as AlexNet's 0.7 GB checkpoints would double the test's time for the same check).
        let single = try Melshard.run(
            ["train", fixture.output, "--epochs", "1", "--task", "music", "--model", "small-cnn"])
        try #require(single.status == 0, "\(single.stderr)")
        let config = try Self.json(fixture.output + "/runs/small-cnn-music/config.json")
        #expect((config["model"] as? [String: Any])?["classes"] as? Int == 2, "\(config)")
        #expect((config["train"] as? [String: Any])?["task"] as? String == "music")
    }
}
