/// Top-1 and top-k accuracy, the confusion matrix and per-class scores of single-label
/// predictions, over all classes or over one task's.
public struct SingleLabelMetrics: Sendable, Equatable, Codable {
    /// Nil over all of the card's classes; a task's name when restricted to it.
    public var task: String?
    public var clips: Int
    public var k: Int
    /// Share of clips whose highest-scored class is the true one.
    public var top1: Double
    /// Share of clips whose true class is among the k highest-scored.
    public var topK: Double
    public var perClass: [ClassScores]
    /// Unweighted means over the classes (sklearn's `average="macro"`).
    public var macroPrecision: Double
    public var macroRecall: Double
    public var macroF1: Double
    public var confusion: ConfusionMatrix

    enum CodingKeys: String, CodingKey {
        case task, clips, k, top1 = "top_1", topK = "top_k", perClass = "per_class", confusion
        case macroPrecision = "macro_precision", macroRecall = "macro_recall", macroF1 = "macro_f1"
    }

    /// Measures `predictions` (single-label).
    ///
    /// With `task`, only that task's clips count and the prediction is the highest score among
    /// its classes alone: study 000's dual-task network has one softmax over both tasks'
    /// classes, and its per-task accuracy asks which of the task's classes the network prefers.
    /// The confusion matrix and per-class scores are then over the task's classes.
    ///
    /// - Parameters:
    ///   - k: top-k's k, at least 1; beyond the number of classes every clip counts.
    ///   - task: an index into `predictions.tasks`, or nil for every clip and class.
    /// - Throws: `.invalidOption` for k < 1 or multi-label predictions, `.emptySplit` when no
    ///   clip is left to measure.
    public static func measure(
        _ predictions: Predictions, k: Int = 5, task: Int? = nil
    ) throws(EvaluationError) -> SingleLabelMetrics {
        guard k >= 1 else {
            throw EvaluationError(.invalidOption, path: "--top-k", problem: "k = \(k)", fix: "give k of 1 or more")
        }
        guard !predictions.multiLabel else {
            throw EvaluationError(
                .invalidOption, path: predictions.split, problem: "multi-label predictions have no top-k",
                fix: "use MultiLabelMetrics")
        }
        let candidates = task.map { predictions.tasks[$0].classes } ?? Array(predictions.classes.indices)
        let clips = predictions.clips.filter { clip in task.map { clip.task == $0 } ?? true }
        guard !clips.isEmpty, !candidates.isEmpty else {
            throw EvaluationError(
                .emptySplit, path: predictions.split,
                problem: "no clips" + (task.map { " of task \(predictions.tasks[$0].name)" } ?? "") + " to measure")
        }
        let position = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1, $0) })
        var matrix = ConfusionMatrix(classes: candidates.map { predictions.classes[$0] })
        var top1 = 0, topK = 0
        for clip in clips {
            guard let label = clip.label, let row = position[label] else { continue }
            let predicted = ClassRanking.top(clip.logits, among: candidates)
            matrix.counts[row][position[predicted]!] += 1
            if predicted == label { top1 += 1 }
            if ClassRanking.rank(of: label, clip.logits, among: candidates) < k { topK += 1 }
        }
        let scores = ClassScores.of(matrix)
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
        let counted = matrix.total
        return SingleLabelMetrics(
            task: task.map { predictions.tasks[$0].name }, clips: counted, k: k,
            top1: Double(top1) / Double(max(1, counted)), topK: Double(topK) / Double(max(1, counted)),
            perClass: scores, macroPrecision: mean(scores.map(\.precision)), macroRecall: mean(scores.map(\.recall)),
            macroF1: mean(scores.map(\.f1)), confusion: matrix)
    }
}
