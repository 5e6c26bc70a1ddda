/// Which of a run's checkpoints is evaluated.
public enum CheckpointChoice: String, Sendable, CaseIterable {
    /// `checkpoints/best/`: the weights of the epoch with the lowest validation loss, the ones
    /// `result.json`'s test accuracy was measured with (the default).
    case best
    /// The newest complete `checkpoints/step-NNNNNNNN/`: the weights at the end of training.
    case last
}
