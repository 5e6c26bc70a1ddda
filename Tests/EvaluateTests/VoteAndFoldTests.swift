import Foundation
import TestSupport
import Testing
import Train

@testable import Evaluate

/// The vote per track and the k-fold statistics against hand computations.
@Suite struct VoteAndFoldTests {
    @Test func eachTrackTakesItsPatchesMostVotedClassTiesByTheSummedProbabilities() throws {
        func clip(_ id: Int64, _ logits: [Float], _ label: Int, _ source: String) -> ClipPrediction {
            ClipPrediction(clipID: id, logits: logits, label: label, source: source)
        }
        let p = Predictions(
            classes: ["a", "b", "c"], multiLabel: false, split: "test",
            clips: [
                // Track 1 (a): votes a, a, b → a, right.
                clip(1, [2, 0, 0], 0, "t1"), clip(2, [3, 1, 0], 0, "t1"), clip(3, [0, 1, 0], 0, "t1"),
                // Track 2 (b): votes a, b → tie; summed softmax: b's clear win outweighs a's narrow one.
                clip(4, [1, 0.9, 0], 1, "t2"), clip(5, [0, 5, 0], 1, "t2"),
                // Track 3 (c): votes b, c → tie; b's probabilities sum higher, so b: wrong.
                clip(6, [0, 6, 0], 2, "t3"), clip(7, [0, 0, 0.1], 2, "t3"),
            ])
        let vote = try MajorityVote.vote(p)
        #expect(vote.tracks == 3 && vote.clips == 7)
        #expect(vote.votes.map(\.source) == ["t1", "t2", "t3"])
        #expect(vote.votes.map(\.voted) == [0, 1, 1])
        #expect(vote.votes.map(\.votes) == [[2, 1, 0], [1, 1, 0], [0, 1, 1]])
        #expect(vote.votes.map(\.tieBroken) == [false, true, true] && vote.tiesBroken == 2)
        #expect(vote.clipAccuracy == 4.0 / 7)  // clips 1, 2, 5, 7
        #expect(vote.trackAccuracy == 2.0 / 3)

        var orphan = p
        orphan.clips[0].source = nil
        #expect(throws: EvaluationError.self) { try MajorityVote.vote(orphan) }
    }

    @Test func spreadIsTheSampleStandardDeviationWithThePopulationOneBeside() {
        let s = SpreadStatistics([0.8, 0.9, 1.0])
        #expect(abs(s.mean - 0.9) < 1e-15)
        #expect(abs(s.sampleStd! - 0.1) < 1e-15)  // √(0.02 / 2)
        #expect(abs(s.populationStd - (0.02 / 3).squareRoot()) < 1e-15)
        #expect(SpreadStatistics([0.7]).sampleStd == nil && SpreadStatistics([0.7]).populationStd == 0)
    }

    @Test func aFoldsParentGivesTableOnesRowFromFoldsJSON() throws {
        let folder = TemporaryDirectory("evaluate-folds")
        let parent = folder.file("runs/small-cnn-folds")
        try FileManager.default.createDirectory(atPath: parent + "/fold-0", withIntermediateDirectories: true)
        let config = """
            {"format": "melshard-run",
             "model": {"name": "small-cnn", "input_shape": [1, 8, 8], "classes": 3, "parameters": 1234}}
            """
        try config.write(toFile: parent + "/fold-0/config.json", atomically: true, encoding: .utf8)
        let runs = FoldRuns(parent: parent, folds: 4)
        func fold(_ k: Int, _ accuracy: Double) throws -> FoldSummary.Fold {
            // result.json as training writes it.
            let result = """
                {"steps": 10, "epochs": 2, "best_epoch": 1, "stopped_early": false, "validation_loss": 0.5,
                 "test_loss": 0.4, "test_accuracy": \(accuracy), "test_clips": 20}
                """
            return runs.entry(k, result: try JSONDecoder().decode(RunResult.self, from: Data(result.utf8)))
        }
        // Three of four folds finished.
        try runs.write(
            FoldSummary(model: "small-cnn", folds: 4, runs: [try fold(0, 0.8), try fold(1, 0.9), try fold(2, 1.0)]))
        let row = try ArchitectureSummary.read(parent)
        #expect(row.architecture == "small-cnn" && row.parameters == 1234)
        #expect(row.folds.map(\.accuracy) == [0.8, 0.9, 1.0] && row.foldsPlanned == 4)
        #expect(abs(row.accuracy.sampleStd! - 0.1) < 1e-15)

        #expect(throws: EvaluationError.self) { try ArchitectureSummary.read(folder.file("runs")) }
    }
}
