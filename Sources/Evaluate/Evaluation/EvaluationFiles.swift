import Foundation
import MelshardCore

/// Where `melshard evaluate` writes in a run folder, and the JSON and CSV files it writes.
///
/// ```
/// RUN/evaluation/SPLIT/metrics.json        RunEvaluation, sorted keys
/// RUN/evaluation/SPLIT/predictions.json    Predictions: every clip's logits, labels, task, id, source
/// RUN/evaluation/SPLIT/per_class.csv       single-label: class, precision, recall, f1, support
/// RUN/evaluation/SPLIT/confusion.csv       single-label: rows true, columns predicted
/// RUN/evaluation/SPLIT/confusion-TASK.csv  dual-task: one per task, over its classes
/// RUN/evaluation/SPLIT/per_label.csv       multi-label: label, roc_auc, average_precision, precision,
///                                          recall, f1, support
/// RUN/evaluation/SPLIT/votes.csv           with sources: source, clips, label, voted, tie_broken
/// ```
/// The pictures (`confusion.png`, `confusion-TASK.png`) are drawn beside them by the command.
/// Every file is written durably and in one step; the same run, split and options give the
/// same bytes.
public struct EvaluationFiles: Sendable {
    /// `RUN/evaluation/SPLIT`.
    public let folder: String

    public init(run: String, split: String) {
        folder = run + "/evaluation/" + split
    }

    public var metricsPath: String { folder + "/metrics.json" }
    public var predictionsPath: String { folder + "/predictions.json" }

    /// `confusion` or `confusion-TASK`, without an extension.
    public func confusionStem(task: String?) -> String {
        folder + "/confusion" + (task.map { "-" + Self.safe($0) } ?? "")
    }

    /// Writes every JSON and CSV file of `evaluation` and `predictions`; returns their paths.
    public func write(_ evaluation: RunEvaluation, _ predictions: Predictions) throws(EvaluationError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw EvaluationError(.output, path: folder, problem: "cannot be created (\(error.localizedDescription))")
        }
        var written: [String] = []
        func save(_ text: String, _ path: String) throws(EvaluationError) {
            do { try DurableFile.write(Array(text.utf8), to: path) } catch {
                throw EvaluationError(.output, path: path, problem: "cannot be written (\(error))")
            }
            written.append(path)
        }
        try save(try Self.json(evaluation), metricsPath)
        try save(try Self.json(predictions), predictionsPath)
        for metrics in [evaluation.overall].compactMap({ $0 }) + evaluation.tasks {
            try save(metrics.confusion.csv, confusionStem(task: metrics.task) + ".csv")
        }
        if let overall = evaluation.overall {
            var lines = ["class,precision,recall,f1,support"]
            for c in overall.perClass {
                lines.append(
                    CSVField.line([
                        c.name, Self.number(c.precision), Self.number(c.recall), Self.number(c.f1), "\(c.support)",
                    ]))
            }
            try save(lines.joined(separator: "\n") + "\n", folder + "/per_class.csv")
        }
        if let multi = evaluation.multiLabel {
            var lines = ["label,roc_auc,average_precision,precision,recall,f1,support"]
            for l in multi.perLabel {
                lines.append(
                    CSVField.line([
                        l.name, l.rocAUC.map(Self.number) ?? "", l.averagePrecision.map(Self.number) ?? "",
                        Self.number(l.precision), Self.number(l.recall), Self.number(l.f1), "\(l.support)",
                    ]))
            }
            try save(lines.joined(separator: "\n") + "\n", folder + "/per_label.csv")
        }
        if let vote = evaluation.vote {
            var lines = ["source,clips,label,voted,tie_broken"]
            for v in vote.votes {
                lines.append(
                    CSVField.line([
                        v.source, "\(v.clips)", predictions.classes[v.label], predictions.classes[v.voted],
                        v.tieBroken ? "true" : "false",
                    ]))
            }
            try save(lines.joined(separator: "\n") + "\n", folder + "/votes.csv")
        }
        return written
    }

    /// Pretty JSON with sorted keys and a final newline.
    static func json<T: Encodable>(_ value: T) throws(EvaluationError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n" } catch {
            throw EvaluationError(.output, path: "metrics.json", problem: "cannot be encoded (\(error))")
        }
    }

    /// The shortest text that reads back as the same double (Swift's description).
    static func number(_ value: Double) -> String { "\(value)" }

    /// A task name as a file name: letters, digits, `-` and `_` kept, anything else `_`.
    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
