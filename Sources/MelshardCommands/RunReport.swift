import Evaluate
import Foundation
import Pictures
import Train

/// `melshard report RUN`: a run folder's page, from plain values. Its training curves
/// (`curves.png`, as training drew them), its result, the metrics and confusion matrices of
/// the test split (`RUN/evaluation/test/metrics.json` when `melshard evaluate` wrote it,
/// measured now otherwise, without writing it), the lesion and similarity charts that
/// `evaluate lesion` and `evaluate similarity` wrote, and the exact `config.json`.
enum RunReport {
    static func page(run: String) throws -> RunReportPage {
        let configuration = try RunConfiguration.load(run: run)
        var sections: [RunReportPage.Section] = []
        if let curves = try curves(run: run, title: configuration.model.name) {
            sections.append(
                .init(heading: "Training curves", figures: [.init(png: curves, caption: "loss and accuracy")]))
        }
        if let data = FileManager.default.contents(atPath: RunFolder(path: run).resultPath),
            let result = try? JSONDecoder().decode(RunResult.self, from: data)
        {
            func f(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
            sections.append(
                .init(
                    heading: "Result",
                    tables: [
                        .init(
                            header: [
                                "steps", "epochs", "best epoch", "validation loss", "test loss", "test accuracy",
                                "test clips",
                            ],
                            rows: [
                                [
                                    "\(result.steps)", "\(result.epochs)", result.bestEpoch.map { "\($0)" } ?? "—",
                                    f(result.validationLoss), f(result.testLoss), f(result.testAccuracy),
                                    "\(result.testClips)",
                                ]
                            ])
                    ]))
        }
        do {
            if let evaluation = try evaluation(run: run, configuration: configuration) {
                sections += try metricSections(evaluation)
            }
        } catch let error as EvaluationError {
            // The rest of the page is still worth having; it says why the metrics are missing.
            sections.append(.init(heading: "Metrics", paragraphs: ["Not measured: \(error)"]))
        }
        sections += studySections(run: run)
        if let cam = camSection(run: run, configuration: configuration) { sections.append(cam) }
        sections.append(
            .init(heading: "Configuration", paragraphs: ["config.json, as written:"], verbatim: configuration.text))
        let dataset =
            configuration.dataset.map { "trained on \($0.name) (\($0.output))" }
            ?? configuration.importedFrom.map { "weights imported from \($0)" } ?? ""
        return RunReportPage(
            title: (run as NSString).lastPathComponent,
            subtitle:
                "\(run) · \(configuration.model.name), \(configuration.model.parameters) parameters · \(dataset)",
            sections: sections)
    }

    /// The charts `melshard evaluate lesion` and `melshard evaluate similarity` left in
    /// `RUN/evaluation/` (one section per lesioned layer, one for the similarity), as they drew
    /// them; none when neither has run.
    static func studySections(run: String) -> [RunReportPage.Section] {
        let folder = run + "/evaluation"
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        func figures(_ directory: String, _ files: [(String, String)]) -> [RunReportPage.Figure] {
            files.compactMap { name, caption in
                FileManager.default.contents(atPath: folder + "/" + directory + "/" + name).map {
                    RunReportPage.Figure(png: Array($0), caption: caption)
                }
            }
        }
        var sections: [RunReportPage.Section] = []
        for directory in entries where directory.hasPrefix("lesion-") {
            let layer = String(directory.dropFirst("lesion-".count))
            let found = figures(
                directory,
                [
                    ("drops.png", "each task's accuracy drop for each lesion set (study 000's Figure 3)"),
                    ("sorted-drops.png", "every filter's drop ratio, sorted"),
                ])
            if !found.isEmpty { sections.append(.init(heading: "Lesions of \(layer)", figures: found)) }
        }
        let similarity = figures(
            "similarity",
            [
                ("similarity.png", "Pearson, cosine and normalised MSE against depth, one line per class"),
                ("feature-maps.png", "one filter's maps for two stimuli at every point"),
            ])
        if !similarity.isEmpty { sections.append(.init(heading: "Layer-wise similarity", figures: similarity)) }
        return sections
    }

    /// A `--folds all` parent's page: study 004's Table 1 row, each fold's test accuracy, and
    /// the first fold's `config.json`.
    static func foldsPage(parent: String) throws -> RunReportPage {
        let row = try ArchitectureSummary.read(parent)
        let f = { (value: Double) in String(format: "%.4f", value) }
        let firstFold = FoldRuns(parent: parent, folds: row.foldsPlanned).run(row.folds.first?.fold ?? 0).path
        let configuration = try RunConfiguration.load(run: firstFold)
        let spread = f(row.accuracy.mean) + (row.accuracy.sampleStd.map { " ± " + f($0) } ?? "")
        let summary: [String] = [
            row.architecture, "\(row.parameters)", "\(row.folds.count)/\(row.foldsPlanned)", spread,
            f(row.accuracy.populationStd),
        ]
        let folds: [[String]] = row.folds.map { ["\($0.fold)", f($0.accuracy), "\($0.clips)"] }
        return RunReportPage(
            title: (parent as NSString).lastPathComponent,
            subtitle: "\(parent) · \(row.architecture), \(row.parameters) parameters · \(row.foldsPlanned) folds",
            sections: [
                .init(
                    heading: "Test accuracy over the folds",
                    paragraphs: [
                        "Each fold's test split measured with its best weights (folds.json); the standard deviation "
                            + "with n − 1 in the denominator, and with n beside it."
                    ],
                    tables: [
                        .init(
                            header: ["architecture", "parameters", "folds", "mean ± std (n − 1)", "std (n)"],
                            rows: [summary]),
                        .init(header: ["fold", "test accuracy", "test clips"], rows: folds),
                    ]),
                .init(
                    heading: "Configuration",
                    paragraphs: ["\((firstFold as NSString).lastPathComponent)/config.json, as written:"],
                    verbatim: configuration.text),
            ])
    }

    /// `curves.png` as training drew it, or drawn now from `metrics.sqlite` when the run has
    /// none (a run trained by `melshard demo`); nil for imported weights.
    private static func curves(run: String, title: String) throws -> [UInt8]? {
        let folder = RunFolder(path: run)
        if let drawn = FileManager.default.contents(atPath: folder.curvesPath) { return Array(drawn) }
        guard FileManager.default.fileExists(atPath: folder.metricsPath),
            let log = try? MetricsLog(path: folder.metricsPath),
            let steps = try? log.steps(), let epochs = try? log.epochs(), !steps.isEmpty
        else { return nil }
        let data = TrainingCurves.Data(
            steps: steps.map { (Double($0.step), $0.loss, $0.accuracy) },
            epochs: epochs.map {
                (Double($0.step), $0.trainLoss, $0.trainAccuracy, $0.validationLoss, $0.validationAccuracy)
            })
        return try TrainingCurves.picture(data, title: title).encoded()
    }

    /// The test split's evaluation: the one `melshard evaluate` wrote, or measured now; nil for
    /// imported weights, which name no build to measure on.
    private static func evaluation(run: String, configuration: RunConfiguration) throws -> RunEvaluation? {
        let files = EvaluationFiles(run: run, split: Split.test.rawValue)
        if let data = FileManager.default.contents(atPath: files.metricsPath),
            let saved = try? JSONDecoder().decode(RunEvaluation.self, from: data)
        {
            return saved
        }
        guard configuration.dataset != nil else { return nil }
        return try RunMeasurement.make(run: run, split: .test).evaluation
    }

    private static func metricSections(_ evaluation: RunEvaluation) throws -> [RunReportPage.Section] {
        func f(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
        var sections: [RunReportPage.Section] = []
        let intro =
            "\(evaluation.split) split, \(evaluation.clips) clips, weights \(evaluation.checkpoint), "
            + "build \(evaluation.output)."
        for metrics in [evaluation.overall].compactMap({ $0 }) + evaluation.tasks {
            let png = try RunMeasurement.confusionPicture(metrics, model: evaluation.model, split: evaluation.split)
                .image.encoded()
            sections.append(
                .init(
                    heading: "Metrics" + (metrics.task.map { ": task \($0)" } ?? ""),
                    paragraphs: [intro],
                    tables: [
                        .init(
                            header: [
                                "clips", "top-1", "top-\(metrics.k)", "macro precision", "macro recall", "macro F1",
                            ],
                            rows: [
                                [
                                    "\(metrics.clips)", f(metrics.top1), f(metrics.topK), f(metrics.macroPrecision),
                                    f(metrics.macroRecall), f(metrics.macroF1),
                                ]
                            ]),
                        .init(
                            header: ["class", "precision", "recall", "F1", "support"],
                            rows: metrics.perClass.map {
                                [$0.name, f($0.precision), f($0.recall), f($0.f1), "\($0.support)"]
                            }),
                    ],
                    figures: [
                        .init(
                            png: png, caption: "confusion matrix: rows true, columns predicted, colour the row's share")
                    ]))
        }
        if let multi = evaluation.multiLabel {
            sections.append(
                .init(
                    heading: "Metrics (multi-label)", paragraphs: [intro],
                    tables: [
                        .init(
                            header: ["", "ROC-AUC", "PR-AUC", "F1 at \(multi.threshold)"],
                            rows: [
                                ["micro", f(multi.microROCAUC), f(multi.microAveragePrecision), f(multi.microF1)],
                                ["macro", f(multi.macroROCAUC), f(multi.macroAveragePrecision), f(multi.macroF1)],
                            ]),
                        .init(
                            header: ["label", "ROC-AUC", "PR-AUC", "precision", "recall", "F1", "support"],
                            rows: multi.perLabel.map {
                                [
                                    $0.name, f($0.rocAUC), f($0.averagePrecision), f($0.precision), f($0.recall),
                                    f($0.f1), "\($0.support)",
                                ]
                            }),
                    ]))
        }
        if let vote = evaluation.vote {
            sections.append(
                .init(
                    heading: "Vote per track",
                    paragraphs: [
                        "Each clip votes for its highest-scored class; a track takes the most votes, ties broken "
                            + "by the summed softmax probabilities (\(vote.tiesBroken) ties)."
                    ],
                    tables: [
                        .init(
                            header: ["clips", "clip accuracy", "tracks", "track accuracy"],
                            rows: [["\(vote.clips)", f(vote.clipAccuracy), "\(vote.tracks)", f(vote.trackAccuracy)]])
                    ]))
        }
        return sections
    }
}
