import Foundation

/// Per-label ROC-AUC, PR-AUC (average precision) and F1 at a threshold, with their micro and
/// macro averages, for multi-label predictions.
///
/// A clip has a label predicted when sigmoid(logit) ≥ `threshold`. The ranking measures use
/// the logits themselves (sigmoid keeps their order, and float32 sigmoids of large logits would
/// tie where the logits do not). Micro averages pool every (clip, label) pair into one binary
/// problem; macro averages are the unweighted means over the labels where the measure is
/// defined (`macroLabels` says how many), since a label absent from the split has no ROC-AUC.
public struct MultiLabelMetrics: Sendable, Equatable, Codable {
    public var clips: Int
    public var threshold: Double
    public var perLabel: [LabelScores]
    public var microROCAUC: Double?
    public var macroROCAUC: Double?
    public var microAveragePrecision: Double?
    public var macroAveragePrecision: Double?
    public var microF1: Double
    public var macroF1: Double
    /// Labels in the macro ROC-AUC and average-precision means.
    public var macroROCAUCLabels: Int
    public var macroAveragePrecisionLabels: Int

    enum CodingKeys: String, CodingKey {
        case clips, threshold
        case perLabel = "per_label", microROCAUC = "micro_roc_auc", macroROCAUC = "macro_roc_auc"
        case microAveragePrecision = "micro_average_precision", macroAveragePrecision = "macro_average_precision"
        case microF1 = "micro_f1", macroF1 = "macro_f1", macroROCAUCLabels = "macro_roc_auc_labels"
        case macroAveragePrecisionLabels = "macro_average_precision_labels"
    }

    /// Measures multi-label `predictions`.
    ///
    /// - Throws: `.invalidOption` for a threshold outside (0, 1) or single-label predictions,
    ///   `.emptySplit` without clips.
    public static func measure(
        _ predictions: Predictions, threshold: Double = 0.5
    ) throws(EvaluationError)
        -> MultiLabelMetrics
    {
        guard threshold > 0, threshold < 1 else {
            throw EvaluationError(
                .invalidOption, path: "--threshold", problem: "\(threshold)", fix: "give a probability between 0 and 1")
        }
        guard predictions.multiLabel else {
            throw EvaluationError(
                .invalidOption, path: predictions.split, problem: "single-label predictions have no per-label AUC",
                fix: "use SingleLabelMetrics")
        }
        guard !predictions.clips.isEmpty else {
            throw EvaluationError(.emptySplit, path: predictions.split, problem: "no clips to measure")
        }
        // sigmoid(x) ≥ t ⇔ x ≥ log(t / (1 − t)); comparing logits avoids sigmoid's rounding.
        let cut = log(threshold / (1 - threshold))
        let clips = predictions.clips
        var perLabel: [LabelScores] = []
        var allScores: [Double] = [], allTruth: [Bool] = []
        var tpSum = 0, fpSum = 0, fnSum = 0
        for (c, name) in predictions.classes.enumerated() {
            let scores = clips.map { Double($0.logits[c]) }
            let truth = clips.map { $0.labels[c] }
            var tp = 0, fp = 0, fn = 0
            for (score, isTrue) in zip(scores, truth) {
                switch (score >= cut, isTrue) {
                case (true, true): tp += 1
                case (true, false): fp += 1
                case (false, true): fn += 1
                case (false, false): break
                }
            }
            let counts = ClassScores(name: name, truePositives: tp, falsePositives: fp, falseNegatives: fn)
            perLabel.append(
                LabelScores(
                    name: name, rocAUC: BinaryRanking.rocAUC(scores, truth),
                    averagePrecision: BinaryRanking.averagePrecision(scores, truth), precision: counts.precision,
                    recall: counts.recall, f1: counts.f1, support: counts.support))
            allScores += scores
            allTruth += truth
            (tpSum, fpSum, fnSum) = (tpSum + tp, fpSum + fp, fnSum + fn)
        }
        func mean(_ values: [Double?]) -> (Double?, Int) {
            let defined = values.compactMap { $0 }
            return (defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count), defined.count)
        }
        let (macroAUC, aucLabels) = mean(perLabel.map(\.rocAUC))
        let (macroAP, apLabels) = mean(perLabel.map(\.averagePrecision))
        return MultiLabelMetrics(
            clips: clips.count, threshold: threshold, perLabel: perLabel,
            microROCAUC: BinaryRanking.rocAUC(allScores, allTruth), macroROCAUC: macroAUC,
            microAveragePrecision: BinaryRanking.averagePrecision(allScores, allTruth),
            macroAveragePrecision: macroAP,
            microF1: ClassScores(name: "", truePositives: tpSum, falsePositives: fpSum, falseNegatives: fnSum).f1,
            macroF1: perLabel.reduce(0) { $0 + $1.f1 } / Double(max(1, perLabel.count)),
            macroROCAUCLabels: aucLabels, macroAveragePrecisionLabels: apLabels)
    }
}
