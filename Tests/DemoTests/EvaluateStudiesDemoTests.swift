import Foundation
import PNG
import TestSupport
import Testing

/// `melshard evaluate lesion` and `melshard evaluate similarity` on `melshard demo`'s trained
/// small-cnn: the JSON holds what docs/evaluate.md says, the drop ratios follow from the
/// accuracies, the naive and cached sweeps agree, and every PNG decodes.
@Suite struct EvaluateStudiesDemoTests {
    static var run: String { DemoCommandTests.demo.out + "/speech-commands/runs/small-cnn" }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func lesionSweepsEveryFilterOfTheLastConvolution() throws {
        let demo = DemoCommandTests.demo
        try #require(demo.outcome.status == 0, "melshard demo failed: \(demo.outcome.stderr)")
        let out = demo.directory + "/lesion"
        let result = try Melshard.run([
            "evaluate", "lesion", Self.run, "--layer", "features.8", "--random-draws", "3", "--naive-check", "2",
            "--out", out, "--json",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let study = try #require(object["study"] as? [String: Any])
        let site = try #require(study["site"] as? [String: Any])
        #expect(site["channels"] as? Int == 64)
        #expect(site["batch_norm"] as? String == "features.9")
        #expect(site["zero_point"] as? String == "after-batch-norm")
        #expect(study["set_size"] as? Int == 13)
        let intact = try #require((study["intact_accuracy"] as? [Double])?.first)
        let filters = try #require((study["sweep"] as? [String: Any])?["filters"] as? [[String: Any]])
        #expect(filters.count == 64)
        for filter in filters {
            let accuracy = try #require((filter["accuracy"] as? [Double])?.first)
            let drop = try #require((filter["drop"] as? [Double])?.first)
            #expect(abs(drop - (intact - accuracy) / intact) < 1e-12)
        }
        let sets = try #require(study["sets"] as? [[String: Any]])
        #expect(sets.map { $0["name"] as? String } == ["top all", "greedy all", "random"])
        #expect(sets.prefix(2).allSatisfy { ($0["filters"] as? [Int])?.count == 13 })
        let timing = try #require(object["timing"] as? [String: Any])
        #expect(timing["naive_equal"] as? Bool == true)
        #expect((timing["naive_sweep_seconds"] as? Double ?? 0) > 0)
        for name in ["drops.png", "sorted-drops.png"] {
            let image = try PNGImage(contentsOf: out + "/" + name)
            #expect(image.width == 960 && image.height == 540, "\(name)")
        }
        let saved = try json(String(contentsOfFile: out + "/lesion.json", encoding: .utf8))
        #expect(saved["study"] as? NSDictionary == study as NSDictionary)
    }

    @Test func similarityComparesEveryClassAtEveryBlock() throws {
        let demo = DemoCommandTests.demo
        try #require(demo.outcome.status == 0, "melshard demo failed: \(demo.outcome.stderr)")
        let out = demo.directory + "/similarity"
        let result = try Melshard.run(["evaluate", "similarity", Self.run, "--out", out, "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let similarity = try #require(object["similarity"] as? [String: Any])
        #expect(
            similarity["points"] as? [String] == [
                "input", "features.0", "features.4", "features.8", "classifier.1", "output (softmax)",
            ])
        let classes = try #require(similarity["classes"] as? [[String: Any]])
        #expect(classes.map { $0["name"] as? String } == ["down", "no", "up", "yes"])
        for curve in classes {
            #expect(curve["pairs"] as? Int == 1, "the demo's test split has 2 clips per class")
            for point in try #require(curve["points"] as? [[String: Any]]) {
                let cosine = try #require(point["cosine"] as? Double)
                #expect(cosine >= -1 && cosine <= 1)
            }
        }
        let maps = try #require((object["feature_maps"] as? [String: Any])?["maps"] as? [[String: Any]])
        #expect(maps.map { $0["point"] as? String } == ["input", "features.0", "features.4", "features.8"])
        let chart = try PNGImage(contentsOf: out + "/similarity.png")
        #expect(chart.width == 960 && chart.height == 1080)
        let figure = try PNGImage(contentsOf: out + "/feature-maps.png")
        #expect(figure.width > 800 && figure.height > 4 * 120)
    }

    @Test func anUnknownLayerIsOneLineNamingTheLayers() throws {
        let demo = DemoCommandTests.demo
        try #require(demo.outcome.status == 0, "melshard demo failed: \(demo.outcome.stderr)")
        let result = try Melshard.run([
            "evaluate", "lesion", Self.run, "--layer", "conv5", "--out", demo.directory + "/x",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: lesion: no layer \"conv5\"; the layers are features.0, features.1"))
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        let missing = try Melshard.run(["evaluate", "similarity", demo.directory + "/no-run"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-run: no such run folder"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    }
}
