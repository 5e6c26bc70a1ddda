/// Stops training when a validation metric has not improved for `patience` epochs, and
/// remembers the best epoch so the trainer can keep (and finally restore) its checkpoint.
///
/// An epoch improves when its metric beats the best so far by more than `minDelta` (mode min:
/// `metric < best − minDelta`; mode max: `metric > best + minDelta`); ties do not improve, so
/// the earliest of equal epochs stays the best. NaN never improves. After `patience`
/// consecutive epochs without improvement, `record` answers `.stop` (Keras's `EarlyStopping`
/// rule; PyTorch has none).
public struct EarlyStopping: Sendable {
    public enum Mode: String, Codable, Sendable { case min, max }

    /// What the trainer should do after an epoch.
    public enum Decision: Equatable, Sendable {
        /// This epoch is the new best: save it as the best checkpoint, go on.
        case improved
        /// No improvement yet within the patience: go on.
        case keepGoing
        /// `patience` epochs without improvement: stop, and use `state.bestEpoch`.
        case stop
    }

    /// The checkpointed state, `Codable` for the trainer's JSON.
    public struct State: Codable, Equatable, Sendable {
        /// The best metric so far, nil before the first finite one.
        public var best: Double?
        /// The epoch that had it (the trainer's epoch numbering).
        public var bestEpoch: Int?
        /// Consecutive epochs since the best one.
        public var epochsWithoutImprovement: Int

        public init(best: Double? = nil, bestEpoch: Int? = nil, epochsWithoutImprovement: Int = 0) {
            self.best = best
            self.bestEpoch = bestEpoch
            self.epochsWithoutImprovement = epochsWithoutImprovement
        }
    }

    public let patience: Int
    public let mode: Mode
    public let minDelta: Double
    public private(set) var state = State()

    /// - Parameters: `patience` ≥ 1 epochs, `mode` (min for a loss, max for an accuracy),
    ///   `minDelta` ≥ 0 (0 by default).
    public init(patience: Int, mode: Mode = .min, minDelta: Double = 0) {
        precondition(patience >= 1, "patience \(patience) must be at least 1")
        precondition(minDelta >= 0 && minDelta.isFinite, "min delta \(minDelta) must be finite and ≥ 0")
        self.patience = patience
        self.mode = mode
        self.minDelta = minDelta
    }

    /// Whether training should stop (the last `record` said so).
    public var shouldStop: Bool { state.epochsWithoutImprovement >= patience }

    /// Records epoch `epoch`'s validation metric and says what to do.
    public mutating func record(_ metric: Double, epoch: Int) -> Decision {
        let better: Bool
        if !metric.isFinite {
            better = false
        } else if let best = state.best {
            better = mode == .min ? metric < best - minDelta : metric > best + minDelta
        } else {
            better = true
        }
        if better {
            state = State(best: metric, bestEpoch: epoch, epochsWithoutImprovement: 0)
            return .improved
        }
        state.epochsWithoutImprovement += 1
        return shouldStop ? .stop : .keepGoing
    }

    /// Continues from a saved state.
    public mutating func restore(_ state: State) throws(OptimizerStateError) {
        guard state.epochsWithoutImprovement >= 0 else {
            throw OptimizerStateError(name: "early_stopping.epochs_without_improvement", reason: "negative")
        }
        guard state.best?.isFinite ?? true, (state.best == nil) == (state.bestEpoch == nil) else {
            throw OptimizerStateError(name: "early_stopping.best", reason: "must be finite and come with its epoch")
        }
        self.state = state
    }
}
