import Foundation
import MelshardCore
import NN
import Safetensors
import TestSupport
import Testing

@testable import Train

/// `melshard import-weights`, run as a real subprocess: a `state_dict` saved by PyTorch in each
/// float dtype comes back as a run folder whose best checkpoint gives PyTorch's outputs, and
/// every kind of mismatch is named, each tensor on its own line, with nothing written.
@Suite(.serialized) struct ImportWeightsTests {
    @Test(arguments: [
        ("small-cnn", "float32"), ("small-cnn", "float16"), ("small-cnn", "bfloat16"),
        ("small-cnn", "float64"), ("gebhardt", "float32"), ("pons-time-frequency", "float32"),
    ])
    func roundTripThroughPyTorch(model: String, dtype: String) throws {
        try InterchangeSupport.requireTorch()
        let directory = TemporaryDirectory("import-weights")
        let entry = try NetworkRegistry.entry(model)
        let shape = entry.input ?? [1, 16, 20]
        let classes = entry.studyClasses
        let batch = InterchangeSupport.batch(
            count: 3, shape: shape, classes: classes, multiLabel: entry.multiLabel, seed: 9)
        try InterchangeSupport.write(batch, to: directory.file("batch.safetensors"))
        let weights = directory.file("weights.safetensors")
        try InterchangeSupport.torch([
            "export", "--net", model, "--classes", String(classes), "--seed", "3", "--dtype", dtype,
            "--batch", directory.file("batch.safetensors"), "--out", weights,
            "--logits", directory.file("logits.safetensors"),
        ])

        let run = directory.file("run")
        let outcome = try Melshard.run(["import-weights", model, weights, "--out", run, "--json"])
        try #require(outcome.status == 0, "import-weights failed: \(outcome.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let summary = try #require(parsed, "\(outcome.stdout)")
        #expect(summary["run"] as? String == run)
        #expect(summary["classes"] as? Int == classes)

        // What melshard's readers see: the best checkpoint (and the newest step one, for a resume-like reader).
        let store = CheckpointStore(folder: run + "/checkpoints", keep: 1)
        let best = try #require(try store.loadBest(), "no checkpoints/best")
        #expect(store.newest().checkpoint?.state.step == 0)
        let network = try NetworkRegistry.make(model, inputShape: shape, classes: classes, seed: 99)
        try best.restoreModel(into: network)
        let logits = network.forward(batch.inputs, .evaluation())
        let expected = try InterchangeSupport.tensor(
            try SafetensorsFile(path: directory.file("logits.safetensors")), "logits")
        let error = InterchangeSupport.relativeError(logits, expected)
        print(String(format: "import-weights %@ (%@): outputs agree to %.2e relative", model, dtype, error))
        #expect(error <= 1e-4, "\(model) from \(dtype): outputs differ from PyTorch's by \(error) relative")

        // config.json: a run folder's model block, and where the weights came from.
        let configJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: run + "/config.json")))
        let config = try #require(configJSON as? [String: Any])
        #expect(config["format"] as? String == "melshard-run")
        let modelBlock = try #require(config["model"] as? [String: Any])
        #expect(modelBlock["name"] as? String == model && modelBlock["parameters"] as? Int == network.parameterCount)
        let imported = try #require(config["imported"] as? [String: Any])
        #expect(imported["sha256"] as? String == (try SHA256Digest.hex(ofFile: weights)))
        let converted = imported["converted"] as? [String: Int] ?? [:]
        let floats = network.parameters.filter { $0.parameter.role != .counter }.count
        switch dtype {
        case "float16": #expect(converted == ["F16": floats])
        case "bfloat16": #expect(converted == ["BF16": floats])
        case "float64": #expect(converted == ["F64": floats])
        default: #expect(converted.isEmpty)
        }
    }

    /// small-cnn's own state_dict with `edit` applied, written to a file.
    private func edited(
        _ directory: TemporaryDirectory, _ name: String, classes: Int = 10,
        _ edit: (inout [SafetensorsTensor]) -> Void
    ) throws -> String {
        let network = try NetworkRegistry.make("small-cnn", inputShape: [1, 16, 20], classes: classes, seed: 0)
        let file = try SafetensorsFile(bytes: try ModelWeights.encode(network), path: name)
        var tensors = try file.header.entries.map { try file.tensor($0.name) }
        edit(&tensors)
        let path = directory.file(name)
        try Data(try SafetensorsEncoder.encode(tensors, metadata: [:])).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func refused(
        _ file: String, _ directory: TemporaryDirectory, extra: [String] = []
    ) throws
        -> (lines: [String], summary: String)
    {
        let out = directory.file("refused-run")
        let outcome = try Melshard.run(["import-weights", "small-cnn", file, "--out", out] + extra)
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "a refused import wrote \(out)")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let summary = try #require(lines.last, "no message")
        return (lines.dropLast().map { $0.trimmingCharacters(in: .whitespaces) }, summary)
    }

    @Test func eachKindOfMismatchIsNamed() throws {
        let directory = TemporaryDirectory("import-mismatch")
        let missing = try edited(directory, "missing.safetensors") { $0.removeAll { $0.name == "features.4.weight" } }
        var result = try refused(missing, directory)
        #expect(result.lines == ["missing: features.4.weight [32, 16, 3, 3] (the network has it, the file does not)"])
        #expect(
            result.summary
                == "Error: import-weights: \(missing): 1 tensor differs from small-cnn's state_dict (1 missing); nothing written"
        )

        let unexpected = try edited(directory, "unexpected.safetensors") {
            $0.append(.float32("head.extra", shape: [2], values: [1, 2]))
        }
        result = try refused(unexpected, directory)
        #expect(result.lines == ["unexpected: head.extra [2] (in the file, not in the network)"])
        #expect(result.summary.contains("\(unexpected): 1 tensor differs") && result.summary.contains("(1 unexpected)"))

        let reshaped = try edited(directory, "shape.safetensors") {
            let i = $0.firstIndex { $0.name == "features.1.running_mean" }!
            $0[i] = .float32("features.1.running_mean", shape: [8, 2], values: [Float](repeating: 0, count: 16))
        }
        result = try refused(reshaped, directory)
        #expect(result.lines == ["wrong shape: features.1.running_mean is [8, 2] in the file, [16] in the network"])
        #expect(result.summary.contains("(1 wrong shape)"))

        let integers = try edited(directory, "dtype.safetensors") {
            let i = $0.firstIndex { $0.name == "classifier.1.bias" }!
            $0[i] = .int32("classifier.1.bias", shape: [10], values: [Int32](repeating: 0, count: 10))
        }
        result = try refused(integers, directory)
        #expect(result.lines == ["wrong dtype: classifier.1.bias is I32; weights must be F16, BF16, F32 or F64"])

        // All at once: each listed, the summary counting each kind.
        let all = try edited(directory, "all.safetensors") {
            $0.removeAll { $0.name == "features.4.weight" || $0.name == "features.0.bias" }
            $0.append(.float32("head.extra", shape: [2], values: [1, 2]))
            let i = $0.firstIndex { $0.name == "classifier.1.weight" }!
            $0[i] = .float32("classifier.1.weight", shape: [10, 63], values: [Float](repeating: 0, count: 630))
        }
        result = try refused(all, directory)
        #expect(result.lines.count == 4, "\(result.lines)")
        #expect(result.lines.contains("missing: features.0.bias [16] (the network has it, the file does not)"))
        #expect(
            result.lines.contains("wrong shape: classifier.1.weight is [10, 63] in the file, [10, 64] in the network"))
        #expect(
            result.summary.hasSuffix(
                "4 tensors differ from small-cnn's state_dict (2 missing, 1 unexpected, 1 wrong shape); nothing written"
            ))
    }

    @Test func anotherHeadSizeSuggestsClasses() throws {
        let directory = TemporaryDirectory("import-classes")
        let file = try edited(directory, "61.safetensors", classes: 61) { _ in }
        let result = try refused(file, directory)
        #expect(result.lines.count == 2, "\(result.lines)")  // classifier.1.weight and .bias
        #expect(result.summary.hasSuffix("the file's classifier.1.weight has 61 outputs: give --classes 61"))
        let run = directory.file("run61")
        let accepted = try Melshard.run(["import-weights", "small-cnn", file, "--classes", "61", "--out", run])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(FileManager.default.fileExists(atPath: run + "/checkpoints/best/model.safetensors"))
    }

    @Test func otherInputsAreRefusedInOneLine() throws {
        let directory = TemporaryDirectory("import-other")
        let good = try edited(directory, "good.safetensors") { _ in }
        // Not a safetensors file.
        try Data("not safetensors".utf8).write(to: URL(fileURLWithPath: directory.file("bad.safetensors")))
        var outcome = try Melshard.run(["import-weights", "small-cnn", directory.file("bad.safetensors")])
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.hasPrefix(
                "Error: import-weights: \(directory.file("bad.safetensors")): not a readable safetensors file"))
        // An unknown model names the known ones.
        outcome = try Melshard.run(["import-weights", "no-such-net", good])
        #expect(outcome.status == 1 && outcome.stderr.contains("unknown model \"no-such-net\""), "\(outcome.stderr)")
        // .pt files: not read, with the conversion to run in PyTorch.
        outcome = try Melshard.run(["import-weights", "small-cnn", directory.file("w.pt")])
        #expect(outcome.status == 64 && outcome.stderr.contains("safetensors.torch.save_file"), "\(outcome.stderr)")
        // A folder that is not empty is never written into.
        let busy = directory.file("busy")
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: busy + "/keep"))
        outcome = try Melshard.run(["import-weights", "small-cnn", good, "--out", busy])
        #expect(outcome.status == 1 && outcome.stderr.contains("is not an empty folder"), "\(outcome.stderr)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: busy)) == ["keep"])
    }
}
