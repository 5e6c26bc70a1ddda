/// Everything `melshard evaluate RUN` measures on one split, as plain values: what
/// `metrics.json` holds and what the report and the pictures are drawn from.
public struct RunEvaluation: Sendable, Equatable, Codable {
    public var run: String
    /// The checkpoint folder whose weights were measured.
    public var checkpoint: String
    /// The build output measured on.
    public var output: String
    public var split: String
    public var model: String
    public var parameters: Int
    public var clips: Int
    /// Single-label: over every clip and class.
    public var overall: SingleLabelMetrics?
    /// Dual-task: one per task, the argmax restricted to the task's classes; empty otherwise.
    public var tasks: [SingleLabelMetrics]
    /// Multi-label runs.
    public var multiLabel: MultiLabelMetrics?
    /// Single-label runs whose clips carry their sources: the vote per track.
    public var vote: MajorityVote?

    enum CodingKeys: String, CodingKey {
        case run, checkpoint, output, split, model, parameters, clips, overall, tasks, vote
        case multiLabel = "multi_label"
    }

    /// Measures `predictions` of `run`.
    ///
    /// - Parameters:
    ///   - k: top-k's k (5 for study 000).
    ///   - threshold: multi-label runs: the probability at and above which a label is predicted.
    /// - Throws: `.invalidOption` for k or a threshold out of range, `.emptySplit`.
    public static func measure(
        _ predictions: Predictions, of run: LoadedRun, k: Int = 5, threshold: Double = 0.5
    ) throws(EvaluationError) -> RunEvaluation {
        var evaluation = RunEvaluation(
            run: run.folder, checkpoint: run.checkpoint, output: run.dataset.output, split: predictions.split,
            model: run.configuration.model.name, parameters: run.configuration.model.parameters,
            clips: predictions.clips.count, overall: nil, tasks: [], multiLabel: nil, vote: nil)
        if predictions.multiLabel {
            evaluation.multiLabel = try MultiLabelMetrics.measure(predictions, threshold: threshold)
            return evaluation
        }
        evaluation.overall = try SingleLabelMetrics.measure(predictions, k: k)
        for task in predictions.tasks.indices where predictions.clips.contains(where: { $0.task == task }) {
            evaluation.tasks.append(try SingleLabelMetrics.measure(predictions, k: k, task: task))
        }
        if !predictions.clips.isEmpty, predictions.clips.allSatisfy({ $0.source != nil }) {
            evaluation.vote = try MajorityVote.vote(predictions)
        }
        return evaluation
    }
}
