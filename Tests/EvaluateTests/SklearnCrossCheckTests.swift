import Foundation
import TestSupport
import Testing

@testable import Evaluate

/// Every metric against scikit-learn on the same exported predictions (`predictions.json`, as
/// `melshard evaluate` writes it), through `sklearn_metrics.py` in a python3 subprocess.
@Suite struct SklearnCrossCheckTests {
    /// A seeded stream of numbers in [0, 1).
    struct Numbers {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    func sklearn(_ predictions: Predictions, k: Int = 1, threshold: Double = 0.5) throws -> [String: Any] {
        let folder = TemporaryDirectory("evaluate-sklearn")
        let path = folder.file("predictions.json")
        try EvaluationFiles.json(predictions).write(toFile: path, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "sklearn_metrics.py"
        ).path
        let run = try PythonProcess.run([script, path, "\(k)", "\(threshold)"])
        #expect(run.status == 0, "\(run.output)")
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    func close(_ a: Double?, _ b: Any?, _ what: String) {
        let reference = b as? Double ?? (b as? Int).map(Double.init)
        #expect(
            a != nil && reference != nil && abs(a! - reference!) <= 1e-12,
            "\(what): \(String(describing: a)) vs \(String(describing: b))")
    }

    @Test func singleLabelMetricsMatchSklearn() throws {
        var numbers = Numbers(state: 7)
        let classes = 6
        // 300 clips, the true class's logit raised so the accuracy is neither 0 nor 1; class 5 is rare.
        let clips = (0..<300).map { i -> ClipPrediction in
            let label = i % 17 == 0 ? 5 : i % 5
            var logits = (0..<classes).map { _ in Float(numbers.next() * 4 - 2) }
            logits[label] += Float(numbers.next() * 2.5)
            return ClipPrediction(clipID: Int64(i), logits: logits, label: label)
        }
        let p = Predictions(classes: ["a", "b", "c", "d", "e", "f,g"], multiLabel: false, split: "test", clips: clips)
        for k in [1, 3, 5] {
            let mine = try SingleLabelMetrics.measure(p, k: k)
            let theirs = try sklearn(p, k: k)
            close(mine.top1, theirs["top_1"], "top-1")
            close(mine.topK, theirs["top_k"], "top-\(k)")
            #expect(mine.confusion.counts == theirs["confusion"] as? [[Int]])
            for (name, values) in [
                ("precision", mine.perClass.map(\.precision)), ("recall", mine.perClass.map(\.recall)),
                ("f1", mine.perClass.map(\.f1)),
            ] {
                let reference = try #require(theirs[name] as? [Double])
                for c in 0..<classes { close(values[c], reference[c], "\(name)[\(c)]") }
            }
            #expect(mine.perClass.map(\.support) == theirs["support"] as? [Int])
            close(mine.macroF1, theirs["macro_f1"], "macro F1")
        }
    }

    @Test func multiLabelMetricsMatchSklearnWithTiedScores() throws {
        var numbers = Numbers(state: 11)
        let labels = 5
        // Logits on a grid of halves, so many scores tie within and across labels.
        let clips = (0..<200).map { i -> ClipPrediction in
            let truth = (0..<labels).map { j in numbers.next() < 0.2 + 0.12 * Double(j) }
            let logits = truth.map { t in Float(((numbers.next() * 6 - 3.5 + (t ? 1.5 : 0)) * 2).rounded() / 2) }
            return ClipPrediction(clipID: Int64(i), logits: logits, label: nil, labels: truth)
        }
        let p = Predictions(classes: ["v", "w", "x", "y", "z"], multiLabel: true, split: "test", clips: clips)
        for threshold in [0.5, 0.3] {
            let mine = try MultiLabelMetrics.measure(p, threshold: threshold)
            let theirs = try sklearn(p, threshold: threshold)
            for (name, values) in [
                ("roc_auc", mine.perLabel.map(\.rocAUC)), ("average_precision", mine.perLabel.map(\.averagePrecision)),
                ("f1", mine.perLabel.map { Optional($0.f1) }),
            ] {
                let reference = try #require(theirs[name] as? [Double])
                for j in 0..<labels { close(values[j], reference[j], "\(name)[\(j)]") }
            }
            close(mine.microROCAUC, theirs["micro_roc_auc"], "micro ROC-AUC")
            close(mine.macroROCAUC, theirs["macro_roc_auc"], "macro ROC-AUC")
            close(mine.microAveragePrecision, theirs["micro_average_precision"], "micro AP")
            close(mine.macroAveragePrecision, theirs["macro_average_precision"], "macro AP")
            close(mine.microF1, theirs["micro_f1"], "micro F1")
            close(mine.macroF1, theirs["macro_f1"], "macro F1")
        }
    }
}
