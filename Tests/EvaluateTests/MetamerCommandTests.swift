import Foundation
import TestSupport
import Testing

/// Study 001's metamers end to end, each step a real `melshard` process: a build with the
/// study's 32 × 32 resize, `lu-2d` trained on it, and `melshard evaluate metamers` at the input
/// and the first convolution's ReLU, the targets' audio decoded from the build's sources.
@Suite struct MetamerCommandTests {
    @Test func metamersOfLu2DAtTheInputAndAReLU() throws {
        let fixture = try FolderCorpusFixture(label: "evaluate-metamers", filesPerClass: 6)
        try fixture.writeRecipe(
            "[splits]\nratios = { train = 0.5, validation = 0.17, test = 0.33 }",
            features: "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 32\n"
                + "resize = \"32x32\"")
        let out = fixture.directory.file("out")
        let built = try Melshard.run(["build", fixture.recipe, "--out", out])
        #expect(built.status == 0, "\(built.stderr)")
        let run = fixture.directory.file("run")
        let trained = try Melshard.run([
            "train", out, "--model", "lu-2d", "--epochs", "3", "--batch", "8", "--run", run,
        ])
        #expect(trained.status == 0, "\(trained.stderr)")

        let outcome = try Melshard.run([
            "evaluate", "metamers", run, "--layer", "input,relu1", "--targets", "3", "--iterations", "40", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let layers = try #require(result["layers"] as? [[String: Any]])
        #expect(layers.map { $0["layer"] as? String } == ["input", "relu1"])
        #expect(layers.last?["activation_shape"] as? [Int] == [32, 30, 30])
        var classes: Set<String> = []
        for layer in layers {
            let metamers = try #require(layer["metamers"] as? [[String: Any]])
            #expect(metamers.count == 3)
            for metamer in metamers {
                classes.insert(metamer["class_name"] as? String ?? "")
                let rho = try #require(metamer["spearman"] as? Double)
                #expect(rho >= -1 && rho <= 1)
                let null = try #require(metamer["null"] as? [String: Any])
                #expect((null["values"] as? [Double])?.count == 2)
                let (first, last) = (
                    metamer["initial_loss"] as? Double ?? 0, metamer["final_loss"] as? Double ?? .infinity
                )
                #expect(last < first, "\(first) → \(last)")
                // The target's decoded audio gives its stored float16 row back.
                #expect((metamer["stored_row_difference"] as? Double ?? 1) < 0.1)
                let file = try #require(metamer["file"] as? String)
                #expect(FileManager.default.fileExists(atPath: file) && file.hasSuffix(".wav"))
                #expect(metamer["verified"] is Bool)
            }
        }
        #expect(classes.count == 3, "one target per class: \(classes)")
        let folder = run + "/evaluation/metamers"
        let csv = try String(contentsOfFile: folder + "/relu1/metamers.csv", encoding: .utf8)
        #expect(csv.hasPrefix("clip_id,class,") && csv.split(separator: "\n").count == 4)
        #expect(FileManager.default.fileExists(atPath: folder + "/metamers.png"))

        let unknown = try Melshard.run(["evaluate", "metamers", run, "--layer", "conv9", "--targets", "2"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("conv9") && unknown.stderr.contains("conv1"), "\(unknown.stderr)")
        #expect(unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
    }
}
