/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, as
/// `torch.optim.SGD` (`_single_tensor_sgd`, the CPU default).
///
/// Per element, with learning rate η, momentum μ, dampening τ and weight decay λ:
///
///     g ← g + λ·θ                                   (when λ ≠ 0)
///     b ← g at the first step, else μ·b + (1 − τ)·g (when μ ≠ 0)
///     g ← g + μ·b with Nesterov, else g ← b         (when μ ≠ 0)
///     θ ← θ − η·g
///
/// The momentum buffer starts as a copy of the first gradient, not as zeros, which is what
/// PyTorch does (so the first step is the same with or without momentum). State: one slot
/// `<param>.momentum_buffer` per parameter when μ ≠ 0, none otherwise.
///
/// Arithmetic is float32 per element in PyTorch's order and rounding: PyTorch computes each
/// `add(x, alpha=α)` as one FMA, and so does this code (`fusedMultiplyAdd`), so the golden
/// trajectories agree with PyTorch's bit for bit.
public final class SGD: Optimizer {
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool
    public let weightDecay: Double
    public var stepCount: Int { slots.stepCount }
    private var slots: OptimizerSlots

    /// - Parameters:
    ///   - parameters: the tensors `step` will update, in the order it will get them
    ///     (`network.trainable`).
    ///   - momentum: μ, 0 for plain SGD (PyTorch's default).
    ///   - dampening: τ, 0 by default; Nesterov needs 0.
    ///   - nesterov: Nesterov momentum (Sutskever et al. 2013, as PyTorch formulates it).
    ///   - weightDecay: λ, added to the gradient as λ·θ (L2), 0 by default.
    public init(
        parameters: [NamedParameter], momentum: Double = 0, dampening: Double = 0,
        nesterov: Bool = false, weightDecay: Double = 0
    ) {
        precondition(momentum >= 0 && weightDecay >= 0, "momentum and weight decay must be ≥ 0")
        precondition(
            !nesterov || (momentum > 0 && dampening == 0),
            "Nesterov momentum requires a momentum and zero dampening")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        slots = OptimizerSlots(parameters: parameters, slotNames: momentum != 0 ? ["momentum_buffer"] : [])
    }

    public func step(_ parameters: [NamedParameter], learningRate: Float) {
        slots.checkParameters(parameters)
        // PyTorch turns its double scalars into float32 before the element loop; so does this.
        let negativeRate = -learningRate, decay = Float(weightDecay), mu = Float(momentum)
        // The loops below have no branches, so that they vectorise; each variant is reached by
        // neutral constants instead, which leave the result bit for bit what the branch would:
        // g + 0·θ = g (λ = 0); on the first step b·0 + 1·g = g (the buffer starts as g);
        // without Nesterov, 1·b + 0·g = b.
        let first = stepCount == 0
        let keepBuffer = first ? 0 : mu, gradientShare = first ? 1 : Float(1 - dampening)
        let lookAhead = nesterov ? mu : 1, gradientInUpdate: Float = nesterov ? 1 : 0
        for (i, p) in parameters.enumerated() {
            let parameter = p.parameter
            let count = parameter.value.count
            parameter.gradient.values.withUnsafeBufferPointer { g in
                parameter.value.values.withUnsafeMutableBufferPointer { theta in
                    guard momentum != 0 else {
                        for j in 0..<count {
                            let grad = fusedMultiplyAdd(theta[j], decay, g[j])
                            theta[j] = fusedMultiplyAdd(grad, negativeRate, theta[j])
                        }
                        return
                    }
                    slots.slots[i][0].values.withUnsafeMutableBufferPointer { b in
                        for j in 0..<count {
                            let grad = fusedMultiplyAdd(theta[j], decay, g[j])
                            let buffer = fusedMultiplyAdd(grad, gradientShare, b[j] * keepBuffer)
                            b[j] = buffer
                            let direction = fusedMultiplyAdd(buffer, lookAhead, grad * gradientInUpdate)
                            theta[j] = fusedMultiplyAdd(direction, negativeRate, theta[j])
                        }
                    }
                }
            }
        }
        slots.stepCount += 1
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] { slots.tensors() }

    public func restore(_ tensors: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
        try slots.restore(tensors, stepCount: stepCount)
    }
}
