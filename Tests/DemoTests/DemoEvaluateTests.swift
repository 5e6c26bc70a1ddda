import Foundation
import PNG
import TestSupport
import Testing

/// `melshard evaluate` and `melshard report` on the demo's trained run (`speech-commands/runs/small-cnn`),
/// real subprocesses, then every file they write read back: the JSON, the CSVs, and the PNGs decoded.
@Suite struct DemoEvaluateTests {
    static var run: String { DemoCommandTests.demo.out + "/speech-commands/runs/small-cnn" }

    @Test func evaluateWritesMetricsTablesAndAConfusionMatrixThatDecodes() throws {
        #expect(DemoCommandTests.demo.outcome.status == 0, "\(DemoCommandTests.demo.outcome.stderr)")
        let outcome = try Melshard.run(["evaluate", Self.run, "--top-k", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("small-cnn") && outcome.stdout.contains("top-2"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("vote per track"), "\(outcome.stdout)")

        let folder = Self.run + "/evaluation/test"
        let metrics = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/metrics.json")))
                as? [String: Any])
        let overall = try #require(metrics["overall"] as? [String: Any])
        #expect(overall["clips"] as? Int == 8 && overall["k"] as? Int == 2)
        // Top-1 with the best weights is the test accuracy training measured with them.
        let result = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.run + "/result.json")))
                as? [String: Any])
        let top1 = try #require(overall["top_1"] as? Double)
        let tested = try #require(result["test_accuracy"] as? Double)
        #expect(abs(top1 - tested) < 1e-12)
        #expect((overall["top_k"] as? Double ?? -1) >= top1)

        let csv = try String(contentsOfFile: folder + "/confusion.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "true\\predicted,down,no,up,yes" && csv.count == 5)
        let counted = csv.dropFirst().flatMap { $0.split(separator: ",").dropFirst().compactMap { Int($0) } }
        #expect(counted.reduce(0, +) == 8)
        #expect(try String(contentsOfFile: folder + "/per_class.csv", encoding: .utf8).hasPrefix("class,precision"))

        let png = try PNGImage(contentsOf: folder + "/confusion.png")
        // Four 40-pixel cells a side, the names and titles around them.
        #expect(png.width > 160 && png.height > 160)

        let vote = try #require(metrics["vote"] as? [String: Any])
        #expect(vote["clips"] as? Int == 8 && (vote["tracks"] as? Int ?? 0) >= 1)

        // The same command gives the same bytes.
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/metrics.json"))
        #expect(try Melshard.run(["evaluate", Self.run, "--top-k", "2", "--json"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/metrics.json")) == before)
    }

    @Test func reportOnTheRunShowsCurvesMetricsConfusionAndConfiguration() throws {
        let page = DemoCommandTests.demo.directory + "/run-report.html"
        let outcome = try Melshard.run(["report", Self.run, "--out", page])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        for heading in ["Training curves", "Result", "Metrics", "Configuration"] {
            #expect(html.contains("<h2>\(heading)"), "no \(heading)")
        }
        #expect(html.contains("&quot;model&quot;") && html.contains("small-cnn"))
        // Every image inline, and each decodes: the curves, the confusion matrix and, small-cnn having
        // global average pooling and one dense layer, a class activation map grid for each of the 4 words.
        let images = html.components(separatedBy: "src=\"data:image/png;base64,").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(images.count == 2 + 4)
        for image in images {
            let bytes = try #require(Data(base64Encoded: image))
            let decoded = try PNGImage(decoding: Array(bytes))
            #expect(decoded.width > 100 && decoded.height > 100)
        }
    }

    @Test func badRunsAndOptionsAreOneLine() throws {
        let missing = try Melshard.run(["evaluate", DemoCommandTests.demo.directory + "/nowhere"])
        #expect(missing.status == 1 && missing.stderr.contains("no such run folder"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let k = try Melshard.run(["evaluate", Self.run, "--top-k", "0"])
        #expect(k.status == 64, "\(k.stderr)")
        let split = try Melshard.run(["evaluate", Self.run, "--split", "dev"])
        #expect(split.status == 64 && split.stderr.contains("--split dev"), "\(split.stderr)")
    }

    @Test func compareListsOneRowPerRun() throws {
        let outcome = try Melshard.run(["evaluate", "--compare", Self.run, Self.run])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(
            lines.count == 3 && lines[0].hasPrefix("architecture") && lines[1].hasPrefix("small-cnn"),
            "\(outcome.stdout)")
    }
}
