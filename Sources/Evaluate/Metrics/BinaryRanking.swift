/// ROC-AUC and average precision of one label's scores, computed as scikit-learn's
/// `roc_auc_score` and `average_precision_score` do.
///
/// Both walk the clips from the highest score down, one step per distinct score (clips with
/// equal scores enter together), counting true positives `TP` and false positives `FP` so far.
/// - ROC-AUC: the area under (FP / negatives, TP / positives) by the trapezoidal rule, from
///   (0, 0); a tie between a positive and a negative counts one half.
/// - Average precision: Σ (Rₙ − Rₙ₋₁) · Pₙ over those steps, Rₙ = TP / positives and
///   Pₙ = TP / (TP + FP), with R₀ = 0: no interpolation (sklearn's definition, not the
///   11-point or the trapezoidal area).
/// Both are undefined (nil) without any positive clip, and ROC-AUC also without a negative one
/// (where sklearn raises an error or warns).
enum BinaryRanking {
    /// `(FP, TP)` after each distinct score, highest first.
    private static func steps(_ scores: [Double], _ truth: [Bool]) -> [(fp: Int, tp: Int)] {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var steps: [(fp: Int, tp: Int)] = []
        var fp = 0, tp = 0
        for (n, i) in order.enumerated() {
            if truth[i] { tp += 1 } else { fp += 1 }
            if n + 1 == order.count || scores[order[n + 1]] != scores[i] { steps.append((fp, tp)) }
        }
        return steps
    }

    static func rocAUC(_ scores: [Double], _ truth: [Bool]) -> Double? {
        let positives = truth.filter { $0 }.count, negatives = truth.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        var area = 0.0, previous = (fp: 0, tp: 0)
        for step in steps(scores, truth) {
            area += Double(step.fp - previous.fp) * Double(step.tp + previous.tp) / 2
            previous = step
        }
        return area / (Double(positives) * Double(negatives))
    }

    static func averagePrecision(_ scores: [Double], _ truth: [Bool]) -> Double? {
        let positives = truth.filter { $0 }.count
        guard positives > 0 else { return nil }
        var sum = 0.0, previousRecall = 0.0
        for step in steps(scores, truth) {
            let recall = Double(step.tp) / Double(positives)
            sum += (recall - previousRecall) * Double(step.tp) / Double(step.tp + step.fp)
            previousRecall = recall
        }
        return sum
    }
}
