import Foundation
import TestSupport
import Testing
import Train

@testable import Evaluate

/// Trained runs of each kind measured end to end: what `metrics.json` and the CSVs hold.
@Suite struct RunEvaluationTests {
    @Test func aDualTaskRunIsMeasuredOverallAndPerTaskIntoItsFiles() throws {
        let folder = TemporaryDirectory("evaluate-dual-files")
        var build = SyntheticBuild()
        build.labels = ["rock", "jazz", "yes", "no"]
        build.tasks = ["music", "words"]
        build.taskLabels = [["rock", "jazz"], ["yes", "no"]]
        try build.write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 2)
        let run = try LoadedRun(folder: folder.file("run"))
        let predictions = try run.predict(.test)
        let evaluation = try RunEvaluation.measure(predictions, of: run, k: 2)
        #expect(evaluation.model == "small-cnn" && evaluation.clips == 18 && evaluation.vote == nil)
        #expect(evaluation.tasks.map(\.task) == ["music", "words"])
        #expect(evaluation.tasks.map(\.clips) == [9, 9])
        // Two classes per task: top-2 within a task is every clip.
        #expect(evaluation.tasks.allSatisfy { $0.topK == 1 && $0.confusion.classes.count == 2 })
        let overall = try #require(evaluation.overall)
        #expect(overall.confusion.classes == build.labels && overall.clips == 18)

        let files = EvaluationFiles(run: folder.file("run"), split: "test")
        let written = try files.write(evaluation, predictions)
        let names = written.map { ($0 as NSString).lastPathComponent }
        #expect(
            names == [
                "metrics.json", "predictions.json", "confusion.csv", "confusion-music.csv", "confusion-words.csv",
                "per_class.csv",
            ])
        let saved = try JSONDecoder().decode(
            RunEvaluation.self, from: Data(contentsOf: URL(fileURLWithPath: files.metricsPath)))
        #expect(saved == evaluation)
        let music = try String(contentsOfFile: files.confusionStem(task: "music") + ".csv", encoding: .utf8)
        #expect(music.hasPrefix("true\\predicted,rock,jazz\n"))
        // The same measurement gives the same bytes.
        let before = try Data(contentsOf: URL(fileURLWithPath: files.metricsPath))
        _ = try files.write(try RunEvaluation.measure(try run.predict(.test), of: run, k: 2), predictions)
        #expect(try Data(contentsOf: URL(fileURLWithPath: files.metricsPath)) == before)
    }

    /// `melshard train --task` and `melshard train`'s per-task accuracy measure what evaluate
    /// measures: a single-task run has the task's classes as its outputs, and a dual-task run's
    /// `test_task_accuracy` is evaluate's per-task top-1.
    @Test func aSingleTaskRunHasItsTasksClassesAndTrainsPerTaskAccuracyIsEvaluatesTop1() throws {
        let folder = TemporaryDirectory("evaluate-single-task")
        var build = SyntheticBuild()
        build.labels = ["rock", "jazz", "yes", "no"]
        build.tasks = ["music", "words"]
        build.taskLabels = [["rock", "jazz"], ["yes", "no"]]
        try build.write(to: folder.file("out"))
        let single = try trainSmallRun(output: folder.file("out"), run: folder.file("words"), epochs: 2, task: "words")
        let words = try LoadedRun(folder: folder.file("words"))
        #expect(words.dataset.classNames == ["yes", "no"] && words.taskClasses.isEmpty)
        let measured = try RunEvaluation.measure(try words.predict(.test), of: words, k: 1)
        #expect(measured.clips == 9 && measured.tasks.isEmpty)
        #expect(measured.overall?.confusion.classes == ["yes", "no"])
        #expect(measured.overall?.top1 == single.testAccuracy)

        let dual = try trainSmallRun(output: folder.file("out"), run: folder.file("dual"), epochs: 2)
        let run = try LoadedRun(folder: folder.file("dual"))
        let evaluation = try RunEvaluation.measure(try run.predict(.test), of: run, k: 1)
        let perTask = try #require(dual.testTaskAccuracy)
        #expect(evaluation.tasks.map(\.task) == ["music", "words"])
        for task in evaluation.tasks { #expect(task.top1 == perTask[task.task ?? ""], "\(task.task ?? "")") }
    }

    @Test func aMultiLabelRunGetsPerLabelRankingMeasures() throws {
        let folder = TemporaryDirectory("evaluate-multi")
        var build = SyntheticBuild()
        build.multiLabel = true
        try build.write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 3)
        let run = try LoadedRun(folder: folder.file("run"))
        let predictions = try run.predict(.test)
        #expect(predictions.multiLabel && predictions.clips.allSatisfy { $0.labels.count == 3 && $0.label == nil })
        let evaluation = try RunEvaluation.measure(predictions, of: run, threshold: 0.5)
        let multi = try #require(evaluation.multiLabel)
        #expect(evaluation.overall == nil && multi.perLabel.map(\.name) == ["a", "b", "c"])
        #expect(multi.macroROCAUCLabels == 3 && multi.perLabel.allSatisfy { $0.rocAUC != nil })
        // Each label's class carries a bright band: a trained network ranks its clips above chance.
        #expect((multi.macroROCAUC ?? 0) > 0.5)
        let written = try EvaluationFiles(run: folder.file("run"), split: "test").write(evaluation, predictions)
        #expect(
            written.map { ($0 as NSString).lastPathComponent } == ["metrics.json", "predictions.json", "per_label.csv"])
    }

    @Test func aFoldRunIsMeasuredOnItsOwnTestFoldAndItsParentGivesTheTableRow() throws {
        let folder = TemporaryDirectory("evaluate-kfold")
        var build = SyntheticBuild()
        build.splits = [("train", 60)]
        build.folds = 3
        try build.write(to: folder.file("out"))
        let parent = folder.file("runs/small-cnn-folds")
        var accuracies: [Double] = []
        var summary = FoldSummary(model: "small-cnn", folds: 3, runs: [])
        let runs = FoldRuns(parent: parent, folds: 3)
        for k in 0..<3 {
            let result = try trainSmallRun(output: folder.file("out"), run: runs.run(k).path, epochs: 1, fold: k)
            accuracies.append(try #require(result.testAccuracy))
            summary.runs.append(runs.entry(k, result: result))
            let predictions = try LoadedRun(folder: runs.run(k).path).predict(.test)
            // Test on fold k: clip id % 3 == k, as the build assigned folds.
            #expect(predictions.clips.count == 20 && predictions.clips.allSatisfy { $0.clipID % 3 == Int64(k) })
        }
        try runs.write(summary)
        let row = try ArchitectureSummary.read(parent)
        #expect(row.folds.map(\.accuracy) == accuracies && row.foldsPlanned == 3)
        let mean = accuracies.reduce(0, +) / 3
        let sample = (accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 2).squareRoot()
        #expect(abs(row.accuracy.mean - mean) < 1e-15 && abs((row.accuracy.sampleStd ?? -1) - sample) < 1e-15)
        #expect(row.parameters == (try LoadedRun(folder: runs.run(0).path)).network.parameterCount)

        // The command prints the row as study 004's Table 1, a real subprocess.
        let table = try Melshard.run(["evaluate", parent])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("accuracy (mean ± std, n − 1)"), "\(table.stdout)")
        #expect(lines[1].hasPrefix("small-cnn") && lines[1].contains("3/3"), "\(table.stdout)")
        #expect(lines[1].contains(String(format: "%.4f ± %.4f", mean, sample)), "\(table.stdout)")
        let report = try Melshard.run(["report", parent])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: parent + "/report.html", encoding: .utf8)
        #expect(page.contains(String(format: "%.4f ± %.4f", mean, sample)) && page.contains("<h2>Configuration</h2>"))
        let json = try Melshard.run(["evaluate", parent, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect((rows.first?["accuracy"] as? [String: Any])?["std_population"] is Double)
    }
}
