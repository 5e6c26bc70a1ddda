import NN
import TrainSettings

/// One optimiser step exactly as `melshard train` takes it on a batch: the forward pass in
/// training mode, the task's loss, the backward pass, gradient clipping when the settings ask
/// for it, and the optimiser's update of every trainable tensor (batch norm's running
/// statistics move in the forward pass, as in PyTorch).
///
/// `Trainer` takes every step through this type, so a test (or an analysis) that takes one step
/// on a batch of its own runs the same code as a run: the interchange test compares one step
/// with PyTorch's on the same weights and batch.
public final class TrainingStep {
    public let network: Network
    /// Softmax cross-entropy (with the settings' label smoothing) for single-label datasets,
    /// sigmoid binary cross-entropy with logits for multi-label ones, both means over the batch.
    public let loss: any Loss
    /// The settings' optimiser over the network's trainable tensors; its slots are what a
    /// checkpoint saves.
    public let optimizer: any Optimizer
    private let config: TrainConfig

    /// What a step computed.
    public struct Outcome {
        /// The batch's loss before the update.
        public var loss: Float
        /// The forward pass's outputs before the update, [N, classes].
        public var logits: Tensor
        /// False when the loss was not finite: then nothing was updated (the trainer stops).
        public var applied: Bool
    }

    /// A step for `network` under `config`'s optimiser, weight decay, clipping, label smoothing,
    /// seed and threads.
    public init(network: Network, config: TrainConfig, multiLabel: Bool) {
        self.network = network
        self.config = config
        loss = Self.loss(config, multiLabel: multiLabel)
        let parameters = network.trainable
        switch config.optimizer {
        case .adam: optimizer = Adam(parameters: parameters, weightDecay: config.weightDecay)
        case .adamw: optimizer = Adam.adamW(parameters: parameters, weightDecay: config.weightDecay)
        case .sgd:
            optimizer = SGD(
                parameters: parameters, momentum: config.momentum, nesterov: config.nesterov,
                weightDecay: config.weightDecay)
        }
    }

    /// The loss a run of `config` trains and evaluates with.
    static func loss(_ config: TrainConfig, multiLabel: Bool) -> any Loss {
        multiLabel
            ? BinaryCrossEntropyWithLogits() as any Loss
            : CrossEntropyLoss(labelSmoothing: Float(config.labelSmoothing)) as any Loss
    }

    /// Takes one step on `inputs` ([N, channels, bands, frames]) and `targets`.
    ///
    /// - Parameters:
    ///   - step: the number of steps taken before this one; with the seed it names dropout's draws.
    ///   - learningRate: the schedule's rate for this step.
    ///   - dropout: false turns dropout off (training mode otherwise), for a comparison with
    ///     another framework whose masks cannot be reproduced; runs always keep it on.
    public func take(
        inputs: Tensor, targets: Targets, step: Int, learningRate: Double, dropout: Bool = true
    ) -> Outcome {
        let context = ForwardContext(
            training: true, threads: config.threads, seed: config.seed, step: UInt64(step), dropout: dropout)
        let logits = network.forward(inputs, context)
        let (value, gradient) = loss.evaluate(logits, targets)
        guard value.isFinite else { return Outcome(loss: value, logits: logits, applied: false) }
        network.zeroGradients()
        network.backward(gradient, context)
        if let clip = config.clipNorm { _ = GradientClipping.clipNorm(network.trainable, maxNorm: Float(clip)) }
        optimizer.step(network.trainable, learningRate: Float(learningRate))
        return Outcome(loss: value, logits: logits, applied: true)
    }
}
