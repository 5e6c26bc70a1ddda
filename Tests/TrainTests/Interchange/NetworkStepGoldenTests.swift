import BLAS
import Foundation
import NN
import Safetensors
import Testing
import TrainSettings

@testable import Train

/// One training step of every network of the registry against PyTorch's, from committed golden
/// data (scripts/golden/nn/network_step.py, `network_step.safetensors` beside this file): no
/// Python at test time.
///
/// Both sides make the same weights and batch from `GoldenWeights`' closed-form rule (the weights
/// of AlexNet and VGG-16 are far too large to commit); the test first checks that its weights and
/// batch are the script's (sampled elements, bit for bit, and each tensor's largest value), then
/// takes one step through `TrainingStep` with the live test's settings (train mode, dropout off,
/// the network's task's loss, SGD with momentum 0.9 and weight decay 5e-4 at rate 1e-3, one
/// thread) and compares: eval-mode and training-mode outputs to 1e-4 relative, the loss to 1e-5,
/// and each `state_dict` tensor after the step, at its 128 sampled elements, to 1e-5 relative to
/// the tensor's scale (its largest value before or after the step), with TorchInterchangeTests'
/// float32-limited rule, made stricter: an element past 1e-5 passes only when PyTorch's own
/// float32 step is past 1e-5 of its float64 step somewhere in the network (the golden records it
/// over whole tensors), the tensor's sampled update points the float64 update's way (cosine ≥
/// 0.999), and it is no further from the float64 step than 4 × PyTorch's float32 step is
/// (`InterchangeSupport.Departure.withinFloat32`).
///
/// It iterates `NetworkRegistry.entries`, so a network added later fails here until the
/// generator is given its twin and rerun.
@Suite(.serialized) struct NetworkStepGoldenTests {
    /// What the generator records of each network (its `networks` metadata).
    struct Recorded: Decodable {
        var batch: Int, classes: Int, input: [Int]
        var multiLabel: Bool
        var stateDict: [String]

        enum CodingKeys: String, CodingKey {
            case batch, classes, input, multiLabel = "multi_label", stateDict = "state_dict"
        }
    }

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("network_step.safetensors").path

    static let golden = Result { try SafetensorsFile(path: path) }

    @Test func metadataNamesTheReference() throws {
        let file = try Self.golden.get()
        #expect(file.header.metadata["generator"] == "scripts/golden/nn/network_step.py")
        for library in ["torch", "numpy", "safetensors", "python"] {
            #expect(file.header.metadata[library] != nil, "no \(library) version in the golden's metadata")
        }
    }

    @Test(arguments: NetworkRegistry.entries.map(\.name))
    func oneStepMatchesPyTorchGolden(model: String) throws {
        // As the trainer does, and as the live test: OpenBLAS on one thread.
        BLAS.setThreadCount(1)
        let file = try Self.golden.get()
        let networks = try JSONDecoder().decode(
            [String: Recorded].self, from: Data((file.header.metadata["networks"] ?? "{}").utf8))
        let recorded = try #require(
            networks[model], "\(Self.path) has no golden for \(model): rerun scripts/golden/nn/network_step.py")
        let entry = try NetworkRegistry.entry(model)
        let shape = entry.input ?? NetworkRegistry.defaultInput
        #expect(recorded.input == shape && recorded.classes == entry.studyClasses, "\(model): another network")
        #expect(recorded.multiLabel == entry.multiLabel, "\(model): another task")

        let errors = try compare(entry, shape: shape, recorded: recorded, file)
        print(
            String(
                format:
                    "golden step %@ (batch %d): eval %.2e, train logits %.2e, loss %.2e, weights %.2e "
                    + "(updates up to %.2e); %d tensor(s) past 1e-5 (update cosine ≥ %.6f), "
                    + "PyTorch's float32 vs float64 %.2e",
                model, recorded.batch, errors.evalLogits, errors.trainLogits, errors.loss, errors.weights,
                errors.largestUpdate, errors.illConditioned, errors.worstCosine, errors.pytorchFloat32))
    }

    private func compare(
        _ entry: NetworkRegistry.Entry, shape: [Int], recorded: Recorded, _ file: SafetensorsFile
    ) throws -> TorchInterchangeTests.Errors {
        let name = entry.name
        func golden(_ key: String, shape: [Int]? = nil) throws -> Tensor {
            try InterchangeSupport.tensor(file, name + "." + key, shape: shape)
        }
        let network = try NetworkRegistry.make(name, inputShape: shape, classes: entry.studyClasses, seed: 1)
        try #require(network.parameters.map(\.name) == recorded.stateDict, "\(name): state_dict names differ")
        try GoldenWeights.apply(to: network)
        let batch = GoldenWeights.batch(
            count: recorded.batch, shape: shape, classes: entry.studyClasses, multiLabel: entry.multiLabel)
        try expectSameBatch(batch, name: name, golden: golden)

        var config = TrainConfig(model: name)
        config.optimizer = .sgd
        config.learningRate = 1e-3
        config.momentum = 0.9
        config.weightDecay = 5e-4
        config.threads = 1
        let step = TrainingStep(network: network, config: config, multiLabel: entry.multiLabel)
        let before = network.parameters.map { $0.parameter.value }
        let evalLogits = network.forward(batch.inputs, .evaluation())
        let outcome = step.take(
            inputs: batch.inputs, targets: batch.targets, step: 0, learningRate: config.learningRate, dropout: false)
        #expect(outcome.applied)

        var errors = TorchInterchangeTests.Errors()
        errors.evalLogits = InterchangeSupport.relativeError(evalLogits, try golden("eval_logits"))
        errors.trainLogits = InterchangeSupport.relativeError(outcome.logits, try golden("train_logits"))
        let torchLoss = try golden("loss").values[0]
        errors.loss = Double(abs(outcome.loss - torchLoss) / max(abs(torchLoss), 1e-12))
        #expect(errors.evalLogits <= 1e-4, "\(name): eval-mode outputs differ by \(errors.evalLogits) relative")
        #expect(errors.trainLogits <= 1e-4, "\(name): training-mode outputs differ by \(errors.trainLogits)")
        #expect(errors.loss <= 1e-5, "\(name): loss \(outcome.loss) vs PyTorch's \(torchLoss)")

        // Each tensor's stats: max |before|, max |after, float64|, PyTorch's float32 error, its update.
        let stats = try network.parameters.map { try golden("stats." + $0.name, shape: [4]).values }
        errors.pytorchFloat32 = stats.map { Double($0[2]) }.max() ?? 0
        var beyond: [InterchangeSupport.Departure] = []
        for ((named, old), stat) in zip(zip(network.parameters, before), stats) {
            let indices = GoldenWeights.sampleIndices(old.count)
            let rows = try golden("sample." + named.name, shape: [3, indices.count]).values
            let k = indices.count
            let start = GoldenWeights.sample(old, indices)
            let theirs = Tensor(shape: [k], values: Array(rows[k..<(2 * k)]))
            let update64 = Tensor(shape: [k], values: Array(rows[(2 * k)...]))
            // The rule made the script's weights: bit for bit where sampled, and the same largest value.
            #expect(start.values == Array(rows[..<k]), "\(name): \(named.name) is not the script's before the step")
            #expect(Float(InterchangeSupport.largest(old)) == stat[0], "\(name): \(named.name)'s largest value")

            let mine = GoldenWeights.sample(named.parameter.value, indices)
            let scale = Double(max(stat[0], stat[1]))
            let error = InterchangeSupport.relativeError(mine, theirs, scale: scale)
            errors.weights = max(errors.weights, error)
            // The optimiser's update, not the running statistics' (which the forward pass moves).
            if named.parameter.role == .trainable {
                errors.largestUpdate = max(
                    errors.largestUpdate, InterchangeSupport.relativeError(mine, start, scale: scale))
            }
            if error > 1e-5 {
                // Updates (after − before) against the float64 step's, which the golden keeps as
                // an update so that its digits survive.
                let update = Tensor(shape: [k], values: zip(mine.values, start.values).map { $0 - $1 })
                beyond.append(
                    InterchangeSupport.Departure(
                        name: named.name, error: error,
                        cosine: InterchangeSupport.updateCosine(update, update64, from: Tensor(shape: [k])),
                        fromExact: InterchangeSupport.relativeError(update, update64, scale: scale),
                        pytorchFromExact: Double(stat[2])))
            }
        }
        errors.illConditioned = beyond.count
        errors.worstCosine = beyond.map(\.cosine).min() ?? 1
        for tensor in beyond {
            let pytorchWorst = errors.pytorchFloat32
            #expect(tensor.explained(pytorchWorst: pytorchWorst), "\(tensor.message(name, pytorchWorst: pytorchWorst))")
        }
        // The step must move the weights far more than the tolerance, or the comparison proves nothing.
        #expect(errors.largestUpdate > 1e-4, "\(name): the step hardly changed the sampled trainable weights")
        return errors
    }

    /// The batch the rule gives is the script's: sampled inputs bit for bit, the same targets.
    private func expectSameBatch(
        _ batch: (inputs: Tensor, targets: Targets), name: String, golden: (String, [Int]?) throws -> Tensor
    ) throws {
        let indices = GoldenWeights.sampleIndices(batch.inputs.count)
        #expect(
            GoldenWeights.sample(batch.inputs, indices).values == (try golden("inputs", [indices.count]).values),
            "\(name): the batch's inputs are not the script's")
        let targets = try golden("targets", nil)
        switch batch.targets {
        case .classes(let c): #expect(targets.values == c.map(Float.init), "\(name): class targets differ")
        case .multiHot(let t): #expect(targets == t, "\(name): multi-label targets differ")
        }
    }
}
