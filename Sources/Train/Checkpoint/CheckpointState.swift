/// A checkpoint's `state.json`: where training stands, beside the weights and optimiser slots.
public struct CheckpointState: Sendable, Equatable, Codable {
    public var format = "melshard-checkpoint"
    public var formatVersion = 1
    /// Optimiser updates made so far.
    public var step: Int
    /// The epoch in progress (or about to start).
    public var epoch: Int
    /// The next batch to train on.
    public var position: LoaderPosition
    /// The optimiser's own count (`Optimizer.stepCount`), restored with its slots.
    public var optimizerSteps: Int
    /// The run's training seed, so a resume with another seed is refused by the trainer.
    public var seed: UInt64
    /// The trainer's own state (schedule, early stopping), stored as given.
    public var trainer: JSONValue
    /// SHA-256 of `model.safetensors` and `optimizer.safetensors`, filled in by `save`: a
    /// checkpoint whose files do not match is incomplete or damaged and is skipped.
    public var files: [String: String] = [:]

    public init(step: Int, epoch: Int, position: LoaderPosition, optimizerSteps: Int, seed: UInt64, trainer: JSONValue)
    {
        self.step = step
        self.epoch = epoch
        self.position = position
        self.optimizerSteps = optimizerSteps
        self.seed = seed
        self.trainer = trainer
    }

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case step, epoch, position
        case optimizerSteps = "optimizer_steps"
        case seed
        case trainer, files
    }
}
