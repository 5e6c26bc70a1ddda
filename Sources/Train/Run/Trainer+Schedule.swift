import NN
import TrainSettings

extension Trainer {
    /// The learning-rate schedule, advanced once per epoch. `linear` and `log-linear` reach
    /// `final_learning_rate` in the last epoch.
    func makeSchedule() -> any LearningRateSchedule {
        let rate = config.learningRate
        switch config.schedule {
        case .constant: return ConstantSchedule(rate)
        case .step: return StepSchedule(initial: rate, stepSize: config.stepEpochs, gamma: config.gamma)
        case .exponential: return ExponentialSchedule(initial: rate, gamma: config.gamma)
        case .linear, .logLinear:
            return InterpolatedDecay(
                from: rate, to: config.finalLearningRate ?? rate, over: max(1, config.epochs - 1),
                shape: config.schedule == .linear ? .linear : .logLinear)
        case .plateau:
            return ReduceLROnPlateau(initial: rate, factor: config.gamma, patience: config.plateauPatience)
        }
    }
}
