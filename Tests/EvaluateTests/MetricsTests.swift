import Testing

@testable import Evaluate

/// Top-k, the confusion matrix and per-class scores against answers worked out by hand.
@Suite struct MetricsTests {
    /// Six clips of three classes; logits chosen so each clip's ranking is plain.
    static let six = Predictions(
        classes: ["a", "b", "c"], multiLabel: false, split: "test",
        clips: [
            ClipPrediction(clipID: 1, logits: [3, 2, 1], label: 0),  // predicted a: right
            ClipPrediction(clipID: 2, logits: [1, 3, 2], label: 0),  // b; a ranks 3rd
            ClipPrediction(clipID: 3, logits: [1, 3, 2], label: 1),  // b: right
            ClipPrediction(clipID: 4, logits: [2, 1, 3], label: 1),  // c; b ranks 3rd
            ClipPrediction(clipID: 5, logits: [2, 1, 3], label: 2),  // c: right
            ClipPrediction(clipID: 6, logits: [3, 1, 2], label: 2),  // a; c ranks 2nd
        ])

    @Test func topKConfusionAndPerClassScoresMatchTheHandCount() throws {
        let m = try SingleLabelMetrics.measure(Self.six, k: 2)
        #expect(m.clips == 6)
        #expect(m.top1 == 3.0 / 6)
        #expect(m.topK == 4.0 / 6)  // clips 1, 3, 5 and 6
        #expect(m.confusion.counts == [[1, 1, 0], [0, 1, 1], [1, 0, 1]])
        // Each class: predicted twice, right once, twice present: P = R = F1 = 1/2.
        for c in m.perClass {
            #expect(c.precision == 0.5 && c.recall == 0.5 && c.f1 == 0.5 && c.support == 2)
        }
        #expect(m.macroF1 == 0.5)
        #expect(try SingleLabelMetrics.measure(Self.six, k: 3).topK == 1)
        #expect(try SingleLabelMetrics.measure(Self.six, k: 1).topK == m.top1)
        #expect(m.confusion.csv == "true\\predicted,a,b,c\na,1,1,0\nb,0,1,1\nc,1,0,1\n")
    }

    @Test func aClassNeverPredictedScoresZeroAsSklearnsZeroDivision() throws {
        let p = Predictions(
            classes: ["a", "b"], multiLabel: false, split: "test",
            clips: [
                ClipPrediction(clipID: 1, logits: [1, 0], label: 0),
                ClipPrediction(clipID: 2, logits: [1, 0], label: 1),
            ])
        let m = try SingleLabelMetrics.measure(p, k: 1)
        #expect(m.perClass[1] == ClassScores(name: "b", truePositives: 0, falsePositives: 0, falseNegatives: 1))
        #expect(m.perClass[1].precision == 0 && m.perClass[1].f1 == 0)
        #expect(m.perClass[0].precision == 0.5 && m.perClass[0].recall == 1)
        #expect(abs(m.perClass[0].f1 - 2.0 / 3) < 1e-15)
    }

    @Test func tiesGoToTheLowerClassIndexAsTorchArgmax() {
        #expect(ClassRanking.top([1, 2, 2], among: [0, 1, 2]) == 1)
        #expect(ClassRanking.top([1, 2, 2], among: [2, 1]) == 1)
        #expect(ClassRanking.rank(of: 2, [1, 2, 2], among: [0, 1, 2]) == 1)
        #expect(ClassRanking.rank(of: 1, [1, 2, 2], among: [0, 1, 2]) == 0)
    }

    @Test func perTaskAccuracyRestrictsTheArgmaxToTheTasksClasses() throws {
        // One softmax over both tasks' classes (music: 0, 1; words: 2, 3), as study 000's head.
        let p = Predictions(
            classes: ["rock", "jazz", "yes", "no"], multiLabel: false,
            tasks: [TaskClasses(name: "music", classes: [0, 1]), TaskClasses(name: "words", classes: [2, 3])],
            split: "test",
            clips: [
                // Overall the argmax is "yes", a word; among the music classes it is "jazz", right.
                ClipPrediction(clipID: 1, logits: [0, 1, 5, 0], label: 1, task: 0),
                ClipPrediction(clipID: 2, logits: [2, 1, 0, 0], label: 1, task: 0),
                ClipPrediction(clipID: 3, logits: [9, 0, 1, 2], label: 3, task: 1),
            ])
        let overall = try SingleLabelMetrics.measure(p, k: 1)
        #expect(overall.top1 == 0 && overall.clips == 3)
        let music = try SingleLabelMetrics.measure(p, k: 1, task: 0)
        #expect(music.task == "music" && music.clips == 2 && music.top1 == 0.5)
        #expect(music.confusion.classes == ["rock", "jazz"] && music.confusion.counts == [[0, 0], [1, 1]])
        let words = try SingleLabelMetrics.measure(p, k: 1, task: 1)
        #expect(words.top1 == 1 && words.confusion.classes == ["yes", "no"])
        #expect(try SingleLabelMetrics.measure(p, k: 2, task: 0).topK == 1)
    }

    @Test func rankingMeasuresMatchSklearnsDocumentedExamples() throws {
        // sklearn's docs: roc_auc_score and average_precision_score of these are 0.75 and 0.8333….
        let scores = [0.1, 0.4, 0.35, 0.8], truth = [false, false, true, true]
        #expect(BinaryRanking.rocAUC(scores, truth) == 0.75)
        #expect(abs(try #require(BinaryRanking.averagePrecision(scores, truth)) - 5.0 / 6) < 1e-15)
        // A tie between a positive and a negative counts one half.
        #expect(BinaryRanking.rocAUC([0.5, 0.5], [true, false]) == 0.5)
        #expect(BinaryRanking.averagePrecision([0.5, 0.5], [true, false]) == 0.5)
        #expect(BinaryRanking.rocAUC([1, 2], [true, true]) == nil)
        #expect(BinaryRanking.averagePrecision([1, 2], [false, false]) == nil)
    }

    @Test func multiLabelF1CountsLabelsAtTheThreshold() throws {
        // Logit 0 is probability 0.5: predicted at threshold 0.5, not at 0.6.
        let p = Predictions(
            classes: ["x", "y"], multiLabel: true, split: "test",
            clips: [
                ClipPrediction(clipID: 1, logits: [0, -3], label: nil, labels: [true, false]),
                ClipPrediction(clipID: 2, logits: [-1, 2], label: nil, labels: [true, true]),
                ClipPrediction(clipID: 3, logits: [1, 1], label: nil, labels: [false, false]),
            ])
        let m = try MultiLabelMetrics.measure(p, threshold: 0.5)
        // x: TP 1 (clip 1), FP 1 (clip 3), FN 1 (clip 2). y: TP 1, FP 1, FN 0.
        #expect(m.perLabel[0].f1 == 0.5 && m.perLabel[1].precision == 0.5 && m.perLabel[1].recall == 1)
        #expect(m.microF1 == 4.0 / 7)  // 2TP / (2TP + FP + FN) = 4 / (4 + 2 + 1)
        #expect(try MultiLabelMetrics.measure(p, threshold: 0.6).perLabel[0].f1 == 0)
        // y's one positive (clip 2) scores highest: AUC 1. x's one negative (clip 3) scores highest: AUC 0.
        #expect(m.perLabel[1].rocAUC == 1 && m.perLabel[0].rocAUC == 0 && m.macroROCAUCLabels == 2)
        #expect(throws: EvaluationError.self) { try MultiLabelMetrics.measure(p, threshold: 1) }
        #expect(throws: EvaluationError.self) { try SingleLabelMetrics.measure(p) }
        #expect(throws: EvaluationError.self) { try SingleLabelMetrics.measure(Self.six, k: 0) }
    }
}
