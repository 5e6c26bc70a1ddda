import BLAS
import Foundation
import MelshardCore
import NN
import Safetensors
import TestSupport
import Testing
import TrainSettings

@testable import Train

/// Every network of the registry, live against its PyTorch twin (scripts/bench/torch_train.py,
/// through scripts/interchange/torch_step.py): melshard's seeded weights, written as a melshard
/// checkpoint, load into PyTorch with `load_state_dict(load_file(...))` (strict), and the
/// eval-mode outputs on a batch agree to 1e-4 relative. For every network of at most
/// `liveStepLimit` trainable parameters, one training step (train mode, dropout off on both
/// sides, the network's task's loss, SGD with momentum and weight decay as the trainer builds it,
/// at the trainer's default rate 1e-3) then leaves every `state_dict` tensor, running statistics
/// included, equal to 1e-5 relative (to the tensor's largest value before or after). The larger
/// networks (AlexNet and VGG-16) have their step checked by NetworkStepGoldenTests against
/// committed goldens of the same step instead: live, their float32 and float64 steps in PyTorch
/// and 2.7 GB of safetensors took most of this suite's 6 to 8 minutes in the debug build.
///
/// Where float32 cannot reach 1e-5 the test says so and asks for no more than float32 allows.
/// VGG-16 at batch 2 was the clearest case when it was stepped here: PyTorch's own float32 step
/// was up to 6e-2 from its float64 step (batch norm's gradients come out of heavy cancellation),
/// and a ReLU or max-pool input within rounding of its tie flips with the last bit of the inputs,
/// moving the gradients behind it by up to 1e-1 (PyTorch against itself, inputs perturbed by
/// 1e-7: 7e-2 at `features.38.bias`, where it is 4e-6 unperturbed); `gebhardt`'s batch-norm
/// biases are the live case now (PyTorch's float32 against float64: 4e-5). So the script also
/// takes the step in float64, and a tensor past 1e-5 of PyTorch's step passes only when the
/// network is float32-limited (PyTorch's float32 step is past 1e-5 of the float64 one somewhere),
/// its update (after − before) points the same way as the float64 step's (cosine ≥ 0.999), and it
/// is no further from the float64 step than 4 × PyTorch's float32 step is on that tensor
/// (`InterchangeSupport.Departure`). The printed line counts such tensors. NetworkStepGoldenTests
/// applies the same rule.
///
/// SGD rather than Adam: a bias before a batch norm has a zero gradient in exact arithmetic and
/// rounding noise in practice, and so do weights behind a ReLU or max-pool tie; Adam's first step
/// turns any such noise into an update of up to ±lr with a random sign (scripts/golden/nn/
/// train_step.py), so no two float32 implementations agree there; SGD scales the noise by lr.
/// Adam's rule itself is checked against PyTorch by the NN goldens (scripts/golden/nn/optim.py).
///
/// It iterates `NetworkRegistry.entries`, so a network added later is covered (its twin is found
/// by torch_step.py's `TWINS` or its name with '_' for '-').
@Suite(.serialized) struct TorchInterchangeTests {
    /// Trainable parameters above which a network is checked live for its checkpoint and eval-mode
    /// outputs only (batch 2), its step by the goldens; below, the step too (batch 4).
    static let liveStepLimit = 10_000_000

    /// Each tensor's error, for the report printed by the test.
    struct Errors {
        var evalLogits = 0.0, trainLogits = 0.0, loss = 0.0, weights = 0.0, largestUpdate = 0.0
        /// Tensors beyond 1e-5 of PyTorch's float32 step, the lowest cosine of their update with
        /// the float64 step's, and PyTorch's own float32 step's largest error against float64's.
        var illConditioned = 0, worstCosine = 1.0, pytorchFloat32 = 0.0
    }

    @Test(arguments: NetworkRegistry.entries.map(\.name))
    func matchesPyTorch(model: String) throws {
        try InterchangeSupport.requireTorch()
        // As the trainer does: OpenBLAS on one thread, melshard's kernels splitting products by
        // shape, so the numbers below do not depend on what other tests left behind.
        BLAS.setThreadCount(1)
        let entry = try NetworkRegistry.entry(model)
        let probe = try NetworkRegistry.make(
            model, inputShape: entry.input ?? [1, 16, 20], classes: entry.studyClasses, seed: 1)
        if probe.parameterCount > Self.liveStepLimit {
            let errors = try compare(entry, optimizer: .sgd, count: 2, step: false)
            print(
                String(
                    format: "interchange %@: strict load, eval %.2e (its step: NetworkStepGoldenTests)", model,
                    errors.evalLogits))
            return
        }
        for optimizer in [TrainConfig.OptimizerKind.sgd] {
            let errors = try compare(entry, optimizer: optimizer, count: 4, step: true)
            print(
                String(
                    format:
                        "interchange %@ (%@): eval %.2e, train logits %.2e, loss %.2e, weights %.2e (updates up to %.2e); "
                        + "%d tensor(s) past 1e-5 (update cosine ≥ %.6f), PyTorch's float32 vs float64 %.2e",
                    model, optimizer.rawValue, errors.evalLogits, errors.trainLogits, errors.loss, errors.weights,
                    errors.largestUpdate, errors.illConditioned, errors.worstCosine, errors.pytorchFloat32))
        }
    }

    /// Checks `entry`'s checkpoint in PyTorch and its eval-mode outputs, and with `step` one
    /// training step too.
    private func compare(
        _ entry: NetworkRegistry.Entry, optimizer: TrainConfig.OptimizerKind, count: Int, step takesStep: Bool
    ) throws -> Errors {
        let directory = TemporaryDirectory("interchange")
        let shape = entry.input ?? [1, 16, 20]
        let classes = entry.studyClasses
        let network = try NetworkRegistry.make(entry.name, inputShape: shape, classes: classes, seed: 11)
        let batch = InterchangeSupport.batch(
            count: count, shape: shape, classes: classes, multiLabel: entry.multiLabel, seed: 5)
        try InterchangeSupport.write(batch, to: directory.file("batch.safetensors"))

        var config = TrainConfig(model: entry.name)
        config.optimizer = optimizer
        config.learningRate = 1e-3
        config.momentum = 0.9
        config.weightDecay = 5e-4
        config.threads = 1
        let step = TrainingStep(network: network, config: config, multiLabel: entry.multiLabel)

        // The weights as a real checkpoint, which PyTorch loads.
        let store = CheckpointStore(folder: directory.file("checkpoints"), keep: 1)
        let saved = try store.save(
            network: network, optimizer: step.optimizer,
            state: CheckpointState(step: 0, epoch: 0, position: .start, optimizerSteps: 0, seed: 11, trainer: .null))
        let before = network.parameters.map { $0.parameter.value }

        let evalLogits = network.forward(batch.inputs, .evaluation())
        if !takesStep {
            try InterchangeSupport.torch([
                "forward", "--net", entry.name, "--classes", String(classes),
                "--weights", saved + "/" + Checkpoint.modelFile, "--batch", directory.file("batch.safetensors"),
                "--out", directory.file("torch.safetensors"),
            ])
            let torch = try SafetensorsFile(path: directory.file("torch.safetensors"))
            var errors = Errors()
            errors.evalLogits = InterchangeSupport.relativeError(
                evalLogits, try InterchangeSupport.tensor(torch, "eval.logits"))
            #expect(errors.evalLogits <= 1e-4, "\(entry.name): eval-mode outputs differ by \(errors.evalLogits)")
            return errors
        }
        let outcome = step.take(
            inputs: batch.inputs, targets: batch.targets, step: 0, learningRate: config.learningRate, dropout: false)
        #expect(outcome.applied)

        try InterchangeSupport.torch([
            "step", "--net", entry.name, "--classes", String(classes),
            "--weights", saved + "/" + Checkpoint.modelFile, "--batch", directory.file("batch.safetensors"),
            "--optimizer", optimizer.rawValue, "--lr", String(config.learningRate),
            "--momentum", String(config.momentum), "--weight-decay", String(config.weightDecay),
            "--out", directory.file("torch.safetensors"),
        ])
        let torch = try SafetensorsFile(path: directory.file("torch.safetensors"))
        var errors = Errors()
        errors.evalLogits = InterchangeSupport.relativeError(
            evalLogits, try InterchangeSupport.tensor(torch, "eval.logits"))
        errors.trainLogits = InterchangeSupport.relativeError(
            outcome.logits, try InterchangeSupport.tensor(torch, "train.logits"))
        let torchLoss = try InterchangeSupport.tensor(torch, "train.loss").values[0]
        errors.loss = Double(abs(outcome.loss - torchLoss) / max(abs(torchLoss), 1e-12))
        #expect(errors.evalLogits <= 1e-4, "\(entry.name): eval-mode outputs differ by \(errors.evalLogits) relative")
        #expect(errors.trainLogits <= 1e-4, "\(entry.name): training-mode outputs differ by \(errors.trainLogits)")
        #expect(errors.loss <= 1e-5, "\(entry.name): loss \(outcome.loss) vs PyTorch's \(torchLoss)")

        let names = Set(torch.header.entries.map(\.name).filter { $0.hasPrefix("after.") })
        #expect(names == Set(network.parameters.map { "after." + $0.name }), "\(entry.name): state_dict names differ")
        // Is this network float32-limited? Then PyTorch's own float32 step is past 1e-5 of the
        // float64 one somewhere too.
        var pytorchWorst = 0.0
        var beyond: [InterchangeSupport.Departure] = []
        for (named, old) in zip(network.parameters, before) {
            let mine = named.parameter.value
            let theirs = try InterchangeSupport.tensor(torch, "after." + named.name, shape: mine.shape)
            let exact = try InterchangeSupport.tensor(torch, "after64." + named.name, shape: mine.shape)
            let scale = max(InterchangeSupport.largest(old), InterchangeSupport.largest(exact))
            let error = InterchangeSupport.relativeError(mine, theirs, scale: scale)
            errors.weights = max(errors.weights, error)
            errors.largestUpdate = max(errors.largestUpdate, InterchangeSupport.relativeError(mine, old, scale: scale))
            let pytorchError = InterchangeSupport.relativeError(theirs, exact, scale: scale)
            pytorchWorst = max(pytorchWorst, pytorchError)
            if error > 1e-5 {
                beyond.append(
                    InterchangeSupport.Departure(
                        name: named.name, error: error, cosine: InterchangeSupport.updateCosine(mine, exact, from: old),
                        fromExact: InterchangeSupport.relativeError(mine, exact, scale: scale),
                        pytorchFromExact: pytorchError))
            }
        }
        errors.illConditioned = beyond.count
        errors.worstCosine = beyond.map(\.cosine).min() ?? 1
        errors.pytorchFloat32 = pytorchWorst
        for tensor in beyond {
            // Past 1e-5 only where float32 itself cannot do better, and then still the same update.
            #expect(
                tensor.explained(pytorchWorst: pytorchWorst),
                "\(tensor.message("\(entry.name) (\(optimizer.rawValue))", pytorchWorst: pytorchWorst))")
        }
        // The step must move the weights far more than the tolerance, or the comparison proves nothing.
        #expect(errors.largestUpdate > 1e-4, "\(entry.name): the step hardly changed the weights")
        return errors
    }
}
