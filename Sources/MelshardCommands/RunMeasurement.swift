import Build
import Evaluate
import Foundation
import Pictures
import Train

/// A run measured on a split, and the files that hold the measurement: the join of `Evaluate`
/// (the numbers), `Build` (each clip's source, from the index) and `Pictures` (the confusion
/// matrices), shared by `melshard evaluate` and `melshard report`.
struct RunMeasurement {
    var predictions: Predictions
    var evaluation: RunEvaluation
    var files: EvaluationFiles
    /// Why there is no vote per track, when there is none for a single-label run.
    var sourcesNote: String?

    static func make(
        run: String, split: Split, checkpoint: CheckpointChoice = .best, output: String? = nil, k: Int = 5,
        threshold: Double = 0.5, batch: Int? = nil, threads: Int = 1
    ) throws -> RunMeasurement {
        let loaded = try LoadedRun(folder: run, checkpoint: checkpoint, output: output)
        var predictions = try loaded.predict(split, batchSize: batch, threads: threads)
        var note: String?
        // The shards carry clip ids; the sources are in the build's index, when it is there.
        if FileManager.default.fileExists(atPath: loaded.dataset.output + "/index.sqlite") {
            predictions = predictions.attachingSources(try ClipSources.read(output: loaded.dataset.output))
        } else {
            note = "no vote per track: \(loaded.dataset.output) has no index.sqlite naming the clips' sources"
        }
        let evaluation = try RunEvaluation.measure(predictions, of: loaded, k: k, threshold: threshold)
        return RunMeasurement(
            predictions: predictions, evaluation: evaluation, files: EvaluationFiles(run: run, split: split.rawValue),
            sourcesNote: predictions.multiLabel ? nil : note)
    }

    /// Writes the JSON, CSV and PNG files into `RUN/evaluation/SPLIT/`; returns their paths.
    func write() throws -> [String] {
        var written = try files.write(evaluation, predictions)
        for metrics in [evaluation.overall].compactMap({ $0 }) + evaluation.tasks {
            let path = files.confusionStem(task: metrics.task) + ".png"
            try Self.confusionPicture(metrics, model: evaluation.model, split: evaluation.split).raster().writePNG(
                to: path)
            written.append(path)
        }
        return written
    }

    static func confusionPicture(_ metrics: SingleLabelMetrics, model: String, split: String) -> ConfusionMatrixPicture
    {
        ConfusionMatrixPicture(
            title: "\(model), \(split)" + (metrics.task.map { ", task \($0)" } ?? "")
                + String(format: ": top-1 %.3f", metrics.top1),
            classes: metrics.confusion.classes, counts: metrics.confusion.counts)
    }
}
