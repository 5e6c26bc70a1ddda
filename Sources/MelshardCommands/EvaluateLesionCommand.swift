import ArgumentParser
import Evaluate
import Foundation
import Pictures
import Train

/// `melshard evaluate lesion RUN --layer NAME`: study 000's lesion experiment on one layer, with
/// the greedy search and a random control (docs/evaluate.md, "Lesioning").
struct EvaluateLesionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesion",
        abstract: "Lesion each filter of a layer, then the top and greedy sets per task, against random sets.",
        discussion: """
            For every filter of --layer, each task's drop ratio (acc − acc_f) / acc with that filter's output \
            set to zero; then, per task, the top --fraction of filters lesioned together, the greedy set of the \
            same size (Dobs et al. 2022), and --random-draws random sets. Writes RUN/evaluation/lesion-LAYER/: \
            lesion.json, drops.png (each set's drop per task) and sorted-drops.png. The layers below the \
            lesioned one run once per batch; --naive-check N times N filters the naive way (the whole network \
            per filter) to report the saving and check the results are equal.
            """)

    @Option(help: "The layer whose filters to lesion, by its state_dict path (features.12).")
    var layer: String

    @OptionGroup var common: EvaluationStudyOptions

    @Option(help: "The share of the layer's filters in each set.")
    var fraction = 0.2

    @Option(help: "after-batch-norm (default) or before-batch-norm: where the zeros go when a batch norm follows.")
    var zero = ZeroPoint.afterBatchNorm.rawValue

    @Option(help: "The accuracy measure: top-K (1 or 5 in study 000).")
    var top = 1

    @Option(help: "Random sets of the same size, for the control.")
    var randomDraws = 10

    @Option(parsing: .unconditional, help: "The seed of the random sets.", transform: NumberArgument.seed)
    var seed: UInt64 = 0

    @Option(
        name: .customLong("greedy-task"),
        help: "A task to run the greedy search for (repeatable; default every task; `none` for none).")
    var greedyTasks: [String] = []

    @Option(help: "Filters to score the naive way too, for the timing and the equality check.")
    var naiveCheck = 4

    func validate() throws {
        guard ZeroPoint(rawValue: zero) != nil else {
            throw ValidationError("--zero \(zero): after-batch-norm or before-batch-norm")
        }
        guard naiveCheck >= 0 else {
            throw ValidationError("--naive-check takes 0 or more")
        }
    }

    /// lesion.json: the study and how long it took against the naive way.
    struct Output: Encodable {
        struct Timing: Encodable {
            /// One pass of the layers below the cut over the split (computing the cache), and the
            /// intact network's pass above it.
            var belowSeconds: Double
            /// Every filter lesioned alone, from the cache.
            var sweepSeconds: Double
            /// The naive way's cost per filter (the whole network over the split), measured on `naiveFilters`.
            var naiveSecondsPerFilter: Double?
            /// That cost times the layer's filters: what the sweep would take without the cache.
            var naiveSweepSeconds: Double?
            /// naiveSweepSeconds / (belowSeconds + sweepSeconds).
            var speedup: Double?
            var naiveFilters: [Int]
            /// Whether the naive scores equal the cached ones exactly for those filters.
            var naiveEqual: Bool
            var threads: Int
        }

        var run: String
        var checkpoint: String
        var split: String
        var study: LesionReport
        var timing: Timing
        var files: [String]
    }

    func run() throws {
        let measure = try TopK(top)
        _ = try LesionStudy(fraction: fraction, randomDraws: randomDraws)
        let (opened, loader) = try common.open()
        let data = try LesionData(loader: loader)
        let tasks = data.taskNames
        var greedy: [Int]?
        if greedyTasks == ["none"] {
            greedy = []
        } else if !greedyTasks.isEmpty {
            greedy = try greedyTasks.map { name in
                guard let t = tasks.firstIndex(of: name) else {
                    throw ValidationError("--greedy-task \(name): the tasks are \(tasks.joined(separator: ", "))")
                }
                return t
            }
        }
        let study = try LesionStudy(fraction: fraction, greedyTasks: greedy, randomDraws: randomDraws, seed: seed)
        let clock = ContinuousClock()
        var evaluator: LesionEvaluator!
        let below = try clock.measure {
            evaluator = try LesionEvaluator(
                root: opened.network.root, inputShape: opened.network.inputShape, layer: layer,
                zeroPoint: ZeroPoint(rawValue: zero)!, data: data, measure: measure, threads: common.threads)
        }
        var sweep: FilterSweep!
        let sweepTime = clock.measure { sweep = FilterSweep(evaluator) }
        let report = study.run(evaluator, sweep: sweep)
        let channels = evaluator.site.channels
        let naiveFilters = Array(0..<min(naiveCheck, channels))
        var naiveScores: [TaskScores] = []
        let naive = clock.measure { naiveScores = naiveFilters.map { evaluator.scoreNaively([$0]) } }
        let naiveEqual = zip(naiveFilters, naiveScores).allSatisfy { evaluator.score([$0]) == $1 }
        let sweepSeconds = seconds(sweepTime)
        let perFilter = naiveFilters.isEmpty ? nil : seconds(naive) / Double(naiveFilters.count)
        let naiveSweep = perFilter.map { $0 * Double(channels) }
        let directory = common.directory("lesion-" + layer)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let drops = directory + "/drops.png", sorted = directory + "/sorted-drops.png"
        let file = directory + "/lesion.json"
        let title = "\(opened.network.name) \(layer): \(report.measure), \(report.setSize) of \(channels) filters"
        try LesionCharts.dropsBySet(
            title: title, sets: report.sets.map(\.name), tasks: tasks, drops: report.sets.map(\.drop),
            spreads: report.sets.map(\.dropStd)
        ).writePNG(to: drops)
        try LesionCharts.sortedDrops(
            title: "\(opened.network.name) \(layer): single-filter drop ratios, sorted", tasks: tasks,
            sortedDrops: tasks.indices.map { report.sweep.sortedDrops(task: $0) }
        ).writePNG(to: sorted)
        let result = Output(
            run: common.folder, checkpoint: opened.checkpoint, split: common.split, study: report,
            timing: .init(
                belowSeconds: seconds(below), sweepSeconds: sweepSeconds, naiveSecondsPerFilter: perFilter,
                naiveSweepSeconds: naiveSweep, speedup: naiveSweep.map { $0 / (seconds(below) + sweepSeconds) },
                naiveFilters: naiveFilters, naiveEqual: naiveEqual, threads: common.threads),
            files: [file, drops, sorted])
        let encoded = try common.save(result, to: file)
        print(
            common.json
                ? String(decoding: encoded, as: UTF8.self) : summary(report, result.timing, directory: directory))
        guard naiveEqual else { throw CommandFailure("lesion: the naive scores differ from the cached ones") }
    }

    private func summary(_ report: LesionReport, _ timing: Output.Timing, directory: String) -> String {
        func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        let site = report.site
        var lines = [
            "\(site.layer) (\(site.kind)): \(site.channels) filters, zeros after \(site.zeroedAfter)"
                + (site.batchNorm.map { " (batch norm \($0) follows)" } ?? ""),
            "intact \(report.measure): "
                + report.tasks.indices.map { "\(report.tasks[$0]) \(percent(report.intactAccuracy[$0]))" }
                .joined(separator: ", ") + " (" + report.examples.map(String.init).joined(separator: ", ") + " clips)",
            "sets of \(report.setSize) filters (\(percent(report.fraction))): accuracy after, drop ratio",
        ]
        for set in report.sets {
            let cells = report.tasks.indices.map { t in
                "\(report.tasks[t]) \(percent(set.accuracy[t])) drop \(String(format: "%.3f", set.drop[t]))"
                    + (set.dropStd.map { String(format: " ± %.3f", $0[t]) } ?? "")
            }
            lines.append("  \(set.name): " + cells.joined(separator: ", "))
        }
        let time = String(
            format: "sweep of %d filters: %.3f s below + %.3f s above", site.channels, timing.belowSeconds,
            timing.sweepSeconds)
        if let naive = timing.naiveSweepSeconds, let speedup = timing.speedup {
            lines.append(
                time + String(format: "; naive (whole network per filter) %.3f s: %.1f× faster", naive, speedup))
        } else {
            lines.append(time)
        }
        lines.append("wrote \(directory)/lesion.json, drops.png, sorted-drops.png")
        return lines.joined(separator: "\n")
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
