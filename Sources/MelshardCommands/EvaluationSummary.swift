import Evaluate
import Foundation

/// `melshard evaluate RUN`'s lines: what was measured and the headline numbers.
enum EvaluationSummary {
    static func text(_ evaluation: RunEvaluation, sourcesNote: String?) -> String {
        func f(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
        var lines = [
            "\(evaluation.model) (\(evaluation.parameters) parameters) on \(evaluation.split): "
                + "\(evaluation.clips) clips, "
                + "weights \(evaluation.checkpoint)"
        ]
        for metrics in [evaluation.overall].compactMap({ $0 }) + evaluation.tasks {
            lines.append(
                (metrics.task.map { "task \($0): " } ?? "all classes: ")
                    + "top-1 \(f(metrics.top1)), top-\(metrics.k) \(f(metrics.topK)), macro F1 \(f(metrics.macroF1)) "
                    + "over \(metrics.clips) clips and \(metrics.confusion.classes.count) classes")
        }
        if let multi = evaluation.multiLabel {
            lines.append(
                "ROC-AUC micro \(f(multi.microROCAUC)), macro \(f(multi.macroROCAUC)) "
                    + "(\(multi.macroROCAUCLabels) labels); "
                    + "PR-AUC micro \(f(multi.microAveragePrecision)), macro \(f(multi.macroAveragePrecision)); "
                    + "F1 at \(multi.threshold) micro \(f(multi.microF1)), macro \(f(multi.macroF1))")
        }
        if let vote = evaluation.vote {
            lines.append(
                "vote per track: clip accuracy \(f(vote.clipAccuracy)), track accuracy \(f(vote.trackAccuracy)) "
                    + "over \(vote.tracks) tracks (\(vote.tiesBroken) ties broken by summed scores)")
        }
        if let sourcesNote { lines.append(sourcesNote) }
        return lines.joined(separator: "\n") + "\n"
    }
}
