import Foundation
import TestSupport
import Testing
import Train

@testable import Evaluate

/// The foundation every measurement starts from: a run folder opened, its network run in eval
/// mode over a split, each clip's outputs with its labels, task and id.
@Suite struct LoadedRunTests {
    @Test func predictionsCoverTheSplitAndAgreeWithTheRunsOwnTestAccuracy() throws {
        let folder = TemporaryDirectory("evaluate-run")
        let build = SyntheticBuild()
        let ids = try build.write(to: folder.file("out"))
        let result = try trainSmallRun(output: folder.file("out"), run: folder.file("run"))

        let run = try LoadedRun(folder: folder.file("run"))
        #expect(run.checkpoint.hasSuffix("checkpoints/best"))
        let predictions = try run.predict(.test, batchSize: 5)
        #expect(predictions.split == "test")
        #expect(predictions.classes == ["a", "b", "c"])
        #expect(!predictions.multiLabel && predictions.tasks.isEmpty)
        #expect(predictions.clips.map(\.clipID) == ids[2])
        #expect(predictions.clips.map(\.label) == ids[2].map { build.label($0) })
        #expect(predictions.clips.allSatisfy { $0.logits.count == 3 && $0.task == nil && $0.source == nil })

        // The trainer measured result.json's test accuracy with the same (best) weights.
        let correct = predictions.clips.filter { clip in
            clip.logits.indices.max { clip.logits[$0] < clip.logits[$1] } == clip.label
        }.count
        let accuracy = try #require(result.testAccuracy)
        #expect(abs(Double(correct) / Double(predictions.clips.count) - accuracy) < 1e-12)

        // Eval mode: a clip's outputs do not depend on the batch it is in, but for the last bits
        // of products shaped differently; the same batch size gives the same bits.
        let single = try run.predict(.test, batchSize: 1)
        for (a, b) in zip(single.clips.flatMap(\.logits), predictions.clips.flatMap(\.logits)) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)))
        }
        let again = try run.predict(.test, batchSize: 5, threads: 2)
        #expect(
            again.clips.map { $0.logits.map(\.bitPattern) } == predictions.clips.map { $0.logits.map(\.bitPattern) })

        let last = try LoadedRun(folder: folder.file("run"), checkpoint: .last)
        #expect(last.checkpoint.contains("checkpoints/step-"))
    }

    @Test func sourcesAttachByClipID() throws {
        let predictions = Predictions(
            classes: ["a"], multiLabel: false, split: "test",
            clips: [ClipPrediction(clipID: 4, logits: [0], label: 0), ClipPrediction(clipID: 9, logits: [0], label: 0)])
        let attached = predictions.attachingSources([4: "demo:x.wav"])
        #expect(attached.clips.map(\.source) == ["demo:x.wav", nil])
    }

    @Test func dualTaskClipsCarryTheirTaskAndEachTaskItsClasses() throws {
        let folder = TemporaryDirectory("evaluate-dual")
        var build = SyntheticBuild()
        build.labels = ["rock", "jazz", "yes", "no"]
        build.tasks = ["music", "words"]
        build.taskLabels = [["rock", "jazz"], ["yes", "no"]]
        let ids = try build.write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 1)
        let run = try LoadedRun(folder: folder.file("run"))
        #expect(
            run.taskClasses == [
                TaskClasses(name: "music", classes: [0, 1]), TaskClasses(name: "words", classes: [2, 3]),
            ])
        let predictions = try run.predict(.test)
        #expect(predictions.clips.map(\.task) == ids[2].map { build.task($0) })
    }

    @Test func eachRefusalIsOneLineNamingTheFile() throws {
        let folder = TemporaryDirectory("evaluate-refusals")
        try SyntheticBuild().write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 1)

        func refusal(_ body: () throws -> Void) -> EvaluationError? {
            do { try body() } catch let error as EvaluationError { return error } catch { return nil }
            return nil
        }
        let missing = refusal { _ = try LoadedRun(folder: folder.file("nowhere")) }
        #expect(missing?.code == .notARun)
        #expect(
            missing?.description == "evaluate: \(folder.file("nowhere")): no such run folder; "
                + "give a folder made by melshard train or melshard import-weights")

        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        #expect(refusal { _ = try LoadedRun(folder: folder.file("empty")) }?.code == .notARun)

        // A rebuilt card: the run's test split may no longer be the one it never trained on.
        let card = folder.file("out/dataset.json")
        let text = try String(contentsOfFile: card, encoding: .utf8)
        try text.replacingOccurrences(of: "\"synthetic\"", with: "\"renamed\"").write(
            toFile: card, atomically: true, encoding: .utf8)
        let changed = refusal { _ = try LoadedRun(folder: folder.file("run")) }
        #expect(changed?.code == .dataset)
        #expect(changed?.description.hasPrefix("evaluate: \(card): changed since the run trained on it") == true)
        // Given explicitly, another build is measured as it is.
        #expect(try LoadedRun(folder: folder.file("run"), output: folder.file("out")).dataset.card.name == "renamed")

        // Damaged weights.
        try FileManager.default.removeItem(atPath: folder.file("run/checkpoints/best/state.json"))
        let damaged = refusal { _ = try LoadedRun(folder: folder.file("run"), output: folder.file("out")) }
        #expect(damaged?.code == .checkpoint)

        #expect(
            refusal {
                _ = try LoadedRun(folder: folder.file("run"), checkpoint: .last, output: folder.file("out")).loader(
                    .test, batchSize: 0)
            }?
            .code == .invalidOption)
        for error in [missing, changed, damaged].compactMap({ $0 }) { #expect(!error.description.contains("\n")) }
    }
}
