/// Multiplies the rate by `gamma` every `stepSize` periods, as `torch.optim.lr_scheduler.StepLR`.
///
/// The rate is kept and multiplied as PyTorch's chainable form does (`lr * gamma` in `Double`
/// at each multiple of `stepSize`), not recomputed as `initial * gamma^k`, so the sequence is
/// PyTorch's to the last bit.
public struct StepSchedule: LearningRateSchedule {
    public let initial: Double
    public let stepSize: Int
    public let gamma: Double
    public private(set) var state: LearningRateScheduleState

    /// - Parameters: initial rate, `stepSize` ≥ 1 periods between decays, `gamma` (PyTorch's default 0.1).
    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        precondition(initial.isFinite && initial >= 0, "learning rate \(initial) is not a finite number ≥ 0")
        precondition(stepSize >= 1 && gamma.isFinite && gamma >= 0, "StepLR needs step size ≥ 1 and gamma ≥ 0")
        self.initial = initial
        self.stepSize = stepSize
        self.gamma = gamma
        state = LearningRateScheduleState(count: 0, learningRate: initial)
    }

    public var learningRate: Double { state.learningRate }

    public mutating func advance(metric: Double?) {
        state.count += 1
        if state.count % stepSize == 0 { state.learningRate *= gamma }
    }

    public mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError) {
        self.state = try state.validated()
    }
}

/// Multiplies the rate by `gamma` every period, as `torch.optim.lr_scheduler.ExponentialLR`
/// (chainable form, so the sequence is PyTorch's to the last bit).
///
/// ExponentialLR is StepLR with a step of one period (`lr * gamma` at every `advance`), so this
/// is a `StepSchedule` with `stepSize` 1 under PyTorch's other name.
public struct ExponentialSchedule: LearningRateSchedule {
    private var everyPeriod: StepSchedule

    public init(initial: Double, gamma: Double) {
        precondition(initial.isFinite && initial >= 0, "learning rate \(initial) is not a finite number ≥ 0")
        precondition(gamma.isFinite && gamma >= 0, "gamma \(gamma) must be ≥ 0")
        everyPeriod = StepSchedule(initial: initial, stepSize: 1, gamma: gamma)
    }

    public var initial: Double { everyPeriod.initial }
    public var gamma: Double { everyPeriod.gamma }
    public var state: LearningRateScheduleState { everyPeriod.state }
    public var learningRate: Double { everyPeriod.learningRate }

    public mutating func advance(metric: Double?) { everyPeriod.advance(metric: metric) }

    public mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError) {
        try everyPeriod.restore(state)
    }
}
