import Foundation

/// How a metamer is optimised: Adam on the waveform with an exponentially decaying learning
/// rate, study 001's settings by default (docs/metamers.md, "Optimisation").
public struct MetamerOptions: Sendable, Equatable {
    /// Adam steps.
    public var iterations = 1500
    /// The learning rate of the first `decaySteps` steps.
    public var learningRate = 0.001
    /// The factor the learning rate is multiplied by every `decaySteps` steps.
    public var decayRate = 0.95
    /// Steps between decays (staircase: lr = learningRate · decayRate^⌊step / decaySteps⌋).
    public var decaySteps = 1000
    /// Adam's β₁, β₂ and ε (PyTorch's and TensorFlow's defaults; ε as PyTorch adds it).
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// The pink noise's seed; target k starts from seed + k.
    public var seed: UInt64 = 0
    /// Threads for the network's kernels (results do not depend on it).
    public var threads = 1

    public init() {}

    /// The learning rate of step `step` (from 0).
    public func learningRate(atStep step: Int) -> Double {
        learningRate * pow(decayRate, Double(step / decaySteps))
    }
}
