import Foundation

/// Decays from one rate to another over a fixed number of periods, then stays at the end rate:
/// linearly, or log-linearly (geometric interpolation, a constant factor per period). Study 000
/// decays Adam's rate from 5e-4 to 1e-5 over training.
///
/// After k of n periods, with t = k / n (clamped to 1):
///
///     linear:      rate = start + (end − start)·t
///                  (PyTorch: `LinearLR(start_factor=1, end_factor=end/start, total_iters=n)`)
///     log-linear:  rate = start · (end / start)^t
///                  (PyTorch: `LambdaLR(lambda k: (end/start) ** min(k/n, 1))`)
///
/// Closed forms, so a resumed run needs only the period count. PyTorch's `LinearLR` uses a
/// chainable recursion instead, which agrees with the closed form to about 1e-15 relative.
public struct InterpolatedDecay: LearningRateSchedule {
    public enum Shape: String, Codable, Sendable {
        case linear
        case logLinear = "log-linear"
    }

    public let start: Double
    public let end: Double
    public let periods: Int
    public let shape: Shape
    public private(set) var state: LearningRateScheduleState

    /// - Parameters: `start` and `end` rates (> 0 for log-linear), over `periods` ≥ 1.
    public init(from start: Double, to end: Double, over periods: Int, shape: Shape = .linear) {
        precondition(start.isFinite && end.isFinite && start >= 0 && end >= 0, "rates must be finite and ≥ 0")
        precondition(shape == .linear || (start > 0 && end > 0), "log-linear decay needs rates > 0")
        precondition(periods >= 1, "decay over \(periods) periods")
        self.start = start
        self.end = end
        self.periods = periods
        self.shape = shape
        state = LearningRateScheduleState(count: 0, learningRate: start)
    }

    /// The rate after `count` completed periods.
    public func rate(after count: Int) -> Double {
        if count >= periods { return end }
        let t = Double(count) / Double(periods)
        switch shape {
        case .linear: return start + (end - start) * t
        case .logLinear: return start * pow(end / start, t)
        }
    }

    public var learningRate: Double { state.learningRate }

    public mutating func advance(metric: Double?) {
        state.count += 1
        state.learningRate = rate(after: state.count)
    }

    public mutating func restore(_ state: LearningRateScheduleState) throws(OptimizerStateError) {
        self.state = try state.validated()
        self.state.learningRate = rate(after: state.count)
    }
}
