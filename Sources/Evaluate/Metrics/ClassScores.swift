/// Precision, recall and F1 of one class, as `sklearn.metrics.precision_recall_fscore_support`
/// gives them with `zero_division=0`: a ratio whose denominator is 0 is 0.
public struct ClassScores: Sendable, Equatable, Codable {
    public var name: String
    /// True positives / predicted positives.
    public var precision: Double
    /// True positives / actual positives.
    public var recall: Double
    /// 2 · precision · recall / (precision + recall).
    public var f1: Double
    /// Clips that truly have the class.
    public var support: Int

    public init(name: String, truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        self.name = name
        precision = ratio(truePositives, truePositives + falsePositives)
        recall = ratio(truePositives, truePositives + falseNegatives)
        // sklearn computes F1 from the counts, 2TP / (2TP + FP + FN): the same value without a 0/0.
        f1 = ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
        support = truePositives + falseNegatives
    }

    /// Every class's scores from a confusion matrix (rows true, columns predicted).
    public static func of(_ matrix: ConfusionMatrix) -> [ClassScores] {
        let n = matrix.classes.count
        return (0..<n).map { c in
            let tp = matrix.counts[c][c]
            let predicted = (0..<n).reduce(0) { $0 + matrix.counts[$1][c] }
            let actual = matrix.counts[c].reduce(0, +)
            return ClassScores(
                name: matrix.classes[c], truePositives: tp, falsePositives: predicted - tp, falseNegatives: actual - tp)
        }
    }
}
