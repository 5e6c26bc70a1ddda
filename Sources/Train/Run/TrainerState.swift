import NN

/// What the trainer keeps in a checkpoint's `state.json` (`CheckpointState.trainer`) besides
/// the step and position, so that a resumed run continues exactly where the saved one stopped:
/// the schedule, early stopping, the best epoch so far, and the running sums of the epoch in
/// progress.
struct TrainerState: Codable, Equatable {
    var schedule: LearningRateScheduleState
    var earlyStopping: EarlyStopping.State?
    /// Sums over the batches of the epoch in progress, for its mean loss and accuracy.
    var epochLossSum = 0.0
    var epochAccuracySum = 0.0
    var epochBatches = 0
    /// The best validation loss so far and its epoch (the `best` checkpoint's).
    var bestValidationLoss: Double?
    var bestEpoch: Int?
    /// Set when early stopping ended training.
    var stopped = false

    enum CodingKeys: String, CodingKey {
        case schedule, stopped
        case earlyStopping = "early_stopping", epochLossSum = "epoch_loss_sum", epochAccuracySum = "epoch_accuracy_sum"
        case epochBatches = "epoch_batches", bestValidationLoss = "best_validation_loss", bestEpoch = "best_epoch"
    }
}
