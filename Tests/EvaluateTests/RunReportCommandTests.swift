import Foundation
import TestSupport
import Testing

/// `melshard report RUN` as a real subprocess on a run whose metrics can and cannot be measured.
@Suite struct RunReportCommandTests {
    @Test func theReportMeasuresTheTestSplitAndSaysWhyWhenItCannot() throws {
        let folder = TemporaryDirectory("evaluate-report")
        try SyntheticBuild().write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 1)

        // Measured now, without writing RUN/evaluation/.
        let first = try Melshard.run(["report", folder.file("run")])
        #expect(first.status == 0, "\(first.stderr)")
        let html = try String(contentsOfFile: folder.file("run/report.html"), encoding: .utf8)
        #expect(html.contains("<h2>Metrics</h2>") && html.contains("confusion matrix"))
        #expect(html.contains("<h2>Training curves</h2>") && html.contains("<h2>Configuration</h2>"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("run/evaluation")))

        // A rebuilt card: the page still comes, and says why the metrics are missing.
        let card = folder.file("out/dataset.json")
        let text = try String(contentsOfFile: card, encoding: .utf8)
        try text.replacingOccurrences(of: "\"synthetic\"", with: "\"rebuilt\"").write(
            toFile: card, atomically: true, encoding: .utf8)
        let second = try Melshard.run(["report", folder.file("run"), "--out", folder.file("second.html")])
        #expect(second.status == 0, "\(second.stderr)")
        let page = try String(contentsOfFile: folder.file("second.html"), encoding: .utf8)
        #expect(page.contains("Not measured: evaluate: \(card): changed since the run trained on it"))
        #expect(!page.contains("confusion matrix"))
    }

    @Test func theReportShowsTheLesionAndSimilarityChartsEvaluateWrote() throws {
        let folder = TemporaryDirectory("evaluate-report-studies")
        try SyntheticBuild().write(to: folder.file("out"))
        try trainSmallRun(output: folder.file("out"), run: folder.file("run"), epochs: 1)
        let run = folder.file("run")
        let lesion = try Melshard.run([
            "evaluate", "lesion", run, "--layer", "features.8", "--random-draws", "2", "--greedy-task", "none",
        ])
        #expect(lesion.status == 0, "\(lesion.stderr)")
        let similarity = try Melshard.run(["evaluate", "similarity", run])
        #expect(similarity.status == 0, "\(similarity.stderr)")
        for file in ["lesion-features.8/drops.png", "similarity/similarity.png"] {
            #expect(FileManager.default.fileExists(atPath: run + "/evaluation/" + file), "\(file)")
        }
        let report = try Melshard.run(["report", run])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Lesions of features.8</h2>") && html.contains("<h2>Layer-wise similarity</h2>"))
        // Curves, the confusion matrix, two lesion charts and two similarity figures.
        #expect(html.components(separatedBy: "data:image/png;base64,").count - 1 == 6)
    }
}
