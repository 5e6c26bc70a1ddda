/// Lowers the rate when a watched metric stops improving, as
/// `torch.optim.lr_scheduler.ReduceLROnPlateau` (study 004 halves it each time the training
/// loss stalls).
///
/// At each `advance(metric:)`: the metric is an improvement when it beats the best so far by
/// the threshold (mode min, relative: `metric < best·(1 − threshold)`; absolute:
/// `metric < best − threshold`; mode max mirrors them). Otherwise one more bad period is
/// counted. During a cooldown bad periods are not counted. When more than `patience` bad
/// periods have passed, the rate becomes `max(rate·factor, minimum)` (only if that lowers it by
/// more than `eps`), the cooldown starts and the count restarts.
///
/// Same defaults as PyTorch (patience 10, threshold 1e-4 relative, cooldown 0, min_lr 0,
/// eps 1e-8) except `factor`, which is 0.5 here (halving) against PyTorch's 0.1. One deviation:
/// a non-finite metric never becomes the best (PyTorch would record −∞ in mode min), so the
/// state stays finite and JSON-encodable; NaN is a bad period in both.
public struct ReduceLROnPlateau: LearningRateSchedule {
    public enum Mode: String, Codable, Sendable { case min, max }
    public enum ThresholdMode: String, Codable, Sendable { case relative = "rel", absolute = "abs" }

    public let initial: Double
    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minimum: Double
    public let eps: Double
    public private(set) var state: LearningRateScheduleState

    public init(
        initial: Double, mode: Mode = .min, factor: Double = 0.5, patience: Int = 10, threshold: Double = 1e-4,
        thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimum: Double = 0, eps: Double = 1e-8
    ) {
        precondition(initial.isFinite && initial >= 0, "learning rate \(initial) is not a finite number ≥ 0")
        precondition(factor >= 0 && factor < 1, "factor \(factor) must be in [0, 1)")
        precondition(patience >= 0 && cooldown >= 0 && threshold >= 0 && minimum >= 0, "negative setting")
        self.initial = initial
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimum = minimum
        self.eps = eps
        state = LearningRateScheduleState(count: 0, learningRate: initial)
    }

    public var learningRate: Double { state.learningRate }

    /// Whether `metric` improves on `best` (no best yet: any finite metric does).
    public func isImprovement(_ metric: Double, over best: Double?) -> Bool {
        guard metric.isFinite else { return false }
        guard let best else { return true }
        switch (mode, thresholdMode) {
        case (.min, .relative): return metric < best * (1 - threshold)
        case (.min, .absolute): return metric < best - threshold
        case (.max, .relative): return metric > best * (1 + threshold)
        case (.max, .absolute): return metric > best + threshold
        }
    }

    /// - Precondition: `metric` is given (the epoch's loss); a plateau schedule without one is
    ///   a programming error.
    public mutating func advance(metric: Double?) {
        guard let metric else { preconditionFailure("ReduceLROnPlateau.advance needs the watched metric") }
        state.count += 1
        if isImprovement(metric, over: state.best) {
            state.best = metric
            state.badPeriods = 0
        } else {
            state.badPeriods += 1
        }
        if state.cooldownLeft > 0 {
            state.cooldownLeft -= 1
            state.badPeriods = 0
        }
        if state.badPeriods > patience {
            let lowered = max(state.learningRate * factor, minimum)
            if state.learningRate - lowered > eps { state.learningRate = lowered }
            state.cooldownLeft = cooldown
            state.badPeriods = 0
        }
    }

    public mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError) {
        self.state = try state.validated()
    }
}
