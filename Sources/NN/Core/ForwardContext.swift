import MelshardCore

/// What one forward and backward pass shares: the mode, the threads, and where random draws
/// come from.
///
/// Dropout masks are drawn from `SeededRandom` streams derived from the run's seed, the step and
/// the order in which layers ask (`nextRandom()`), so a pass is a pure function of its inputs,
/// weights, seed and step: the same after a resume and on any machine.
public final class ForwardContext {
    /// Training mode: batch norm uses batch statistics and updates its running ones, dropout drops.
    public let training: Bool
    /// How many threads kernels may use. Results do not depend on it where `docs/train.md` says so.
    public let threads: Int
    public let seed: UInt64
    public let step: UInt64
    /// Whether dropout drops in training mode. Off only to compare a training step with another
    /// framework's (PyTorch's masks come from its own generator and cannot be reproduced), as
    /// setting every `nn.Dropout`'s `p` to 0 does there; batch norm still trains.
    public let dropout: Bool
    private var draws: UInt64 = 0

    public init(training: Bool, threads: Int = 1, seed: UInt64 = 0, step: UInt64 = 0, dropout: Bool = true) {
        precondition(threads >= 1)
        self.training = training
        self.dropout = dropout
        self.threads = threads
        self.seed = seed
        self.step = step
    }

    /// A generator for the next layer that needs randomness in this pass.
    public func nextRandom() -> SeededRandom {
        draws += 1
        return SeededRandom(seed: seed, stream: step &* 0x1_0000 &+ draws)
    }

    /// An evaluation context: no dropout, running statistics, one thread unless told.
    public static func evaluation(threads: Int = 1) -> ForwardContext {
        ForwardContext(training: false, threads: threads)
    }
}
