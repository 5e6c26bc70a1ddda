/// A learning-rate schedule: the rate for the coming period (an epoch or a step, whichever the
/// trainer advances it by), and how it moves on at the end of each period.
///
/// Schedules are value types that follow PyTorch's `torch.optim.lr_scheduler` semantics: the
/// first period runs at the initial rate; `advance` is `scheduler.step()` at the end of a period;
/// `state` is what `scheduler.state_dict()` would save (plus the current rate, which PyTorch
/// keeps in the optimiser's param group). Restoring `state` into a freshly made schedule with
/// the same settings continues exactly where the saved one stopped.
public protocol LearningRateSchedule: Sendable {
    /// The rate for the period about to run.
    var learningRate: Double { get }
    /// What a checkpoint saves.
    var state: LearningRateScheduleState { get }
    /// Ends a period. `metric` is the quantity `ReduceLROnPlateau` watches (the epoch's loss);
    /// the other schedules ignore it.
    mutating func advance(metric: Double?)
    /// Continues from a saved `state`.
    mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError)
}

extension LearningRateSchedule {
    /// Ends a period of a schedule that watches no metric.
    public mutating func advance() { advance(metric: nil) }
}

/// A schedule's checkpointed state: small, `Codable` (the trainer writes it as JSON), and the
/// same type for every schedule so that a checkpoint holds one whatever the schedule.
public struct LearningRateScheduleState: Codable, Equatable, Sendable {
    /// Completed periods: how many times `advance` was called (PyTorch's `last_epoch`).
    public var count: Int
    /// The rate for the next period (PyTorch keeps it in the optimiser's `param_groups`).
    public var learningRate: Double
    /// `ReduceLROnPlateau`: the best metric so far, nil before the first.
    public var best: Double?
    /// `ReduceLROnPlateau`: periods since the last improvement (`num_bad_epochs`).
    public var badPeriods: Int
    /// `ReduceLROnPlateau`: periods of cooldown left (`cooldown_counter`).
    public var cooldownLeft: Int

    public init(count: Int, learningRate: Double, best: Double? = nil, badPeriods: Int = 0, cooldownLeft: Int = 0) {
        self.count = count
        self.learningRate = learningRate
        self.best = best
        self.badPeriods = badPeriods
        self.cooldownLeft = cooldownLeft
    }

    /// Rejects a state no schedule could have written, naming the field.
    func validated() throws(OptimizerStateError) -> Self {
        guard count >= 0 else { throw OptimizerStateError(name: "lr_scheduler.count", reason: "negative: \(count)") }
        guard learningRate.isFinite && learningRate >= 0 else {
            throw OptimizerStateError(
                name: "lr_scheduler.learning_rate",
                reason: "not a finite rate ≥ 0: \(learningRate)")
        }
        guard best?.isFinite ?? true else {
            throw OptimizerStateError(name: "lr_scheduler.best", reason: "not finite: \(best ?? 0)")
        }
        guard badPeriods >= 0 && cooldownLeft >= 0 else {
            throw OptimizerStateError(name: "lr_scheduler.bad_periods", reason: "negative counter")
        }
        return self
    }
}

/// The same rate throughout.
public struct ConstantSchedule: LearningRateSchedule {
    public let initial: Double
    public private(set) var state: LearningRateScheduleState

    public init(_ rate: Double) {
        precondition(rate.isFinite && rate >= 0, "learning rate \(rate) is not a finite number ≥ 0")
        initial = rate
        state = LearningRateScheduleState(count: 0, learningRate: rate)
    }

    public var learningRate: Double { initial }

    public mutating func advance(metric: Double?) { state.count += 1 }

    public mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError) {
        self.state = try state.validated()
        self.state.learningRate = initial
    }
}
