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
}
