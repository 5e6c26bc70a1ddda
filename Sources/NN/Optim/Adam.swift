import Foundation

/// Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) and AdamW (Loshchilov & Hutter 2019,
/// https://arxiv.org/abs/1711.05101) in one implementation, as `torch.optim.Adam` /
/// `torch.optim.AdamW` compute them in `_single_tensor_adam` (the CPU default, `foreach=False`),
/// **with** bias correction.
///
/// Per element at step t (counted from 1), with learning rate η, betas β₁ β₂, ε and weight
/// decay λ:
///
///     θ ← θ·(1 − η·λ)                           (AdamW: `decoupled`, when λ ≠ 0)
///     g ← g + λ·θ                               (Adam: L2, when λ ≠ 0)
///     m ← m + (1 − β₁)·(g − m)                  (`exp_avg.lerp_(grad, 1 − β₁)`)
///     v ← β₂·v + (1 − β₂)·g·g                   (`exp_avg_sq.mul_(β₂).addcmul_(g, g, 1 − β₂)`)
///     θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The scalars (bias corrections, step size η/(1 − β₁ᵗ), 1 − η·λ) are computed in `Double` as
/// PyTorch computes them in Python floats, then rounded to float32 for the element loop, as
/// PyTorch's kernels round their scalar arguments. ε is added *after* dividing √v by
/// √(1 − β₂ᵗ), PyTorch's order, not the paper's ε̂.
///
/// Rounding follows PyTorch's kernels: `lerp`, `addcmul` and the L2 term are fused
/// multiply-adds there and here (`fusedMultiplyAdd`). What cannot be matched cheaply is `sqrt`:
/// PyTorch's AVX2/AVX-512 kernel (vectorised even for a 12-element tensor) is not correctly
/// rounded (on this class of CPU about one element in five differs from IEEE `sqrt` by one ulp);
/// this code uses IEEE `sqrt`. Where the two square roots agree the update is PyTorch's bit for
/// bit; elsewhere θ differs by about one ulp per step. The golden tests measure it.
///
/// State: `<param>.exp_avg` (m) and `<param>.exp_avg_sq` (v) per parameter, plus `stepCount`
/// (PyTorch's per-parameter `step`, the same for every parameter here).
public final class Adam: Optimizer {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// AdamW's decoupled weight decay (θ·(1 − η·λ)) instead of Adam's L2 term (g + λ·θ).
    public let decoupled: Bool
    public var stepCount: Int { slots.stepCount }
    private var slots: OptimizerSlots

    /// - Parameters:
    ///   - parameters: the tensors `step` will update, in the order it will get them
    ///     (`network.trainable`).
    ///   - beta1, beta2: the moment decay rates, PyTorch's defaults 0.9 and 0.999.
    ///   - epsilon: added to the denominator, 1e-8.
    ///   - weightDecay: λ; Adam's default is 0, AdamW's is 0.01 (see `adamW`).
    ///   - decoupled: false for `torch.optim.Adam`, true for `torch.optim.AdamW`.
    public init(
        parameters: [NamedParameter], beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0, decoupled: Bool = false
    ) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "betas must lie in [0, 1)")
        precondition(epsilon >= 0 && weightDecay >= 0, "epsilon and weight decay must be ≥ 0")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        slots = OptimizerSlots(parameters: parameters, slotNames: ["exp_avg", "exp_avg_sq"])
    }

    /// `torch.optim.AdamW`: Adam with decoupled weight decay, λ = 0.01 by default as in PyTorch.
    public static func adamW(
        parameters: [NamedParameter], beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0.01
    ) -> Adam {
        Adam(
            parameters: parameters, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            decoupled: true)
    }

    public func step(_ parameters: [NamedParameter], learningRate: Float) {
        slots.checkParameters(parameters)
        let t = Double(stepCount + 1)
        let lr = Double(learningRate)
        let biasCorrection1 = 1 - pow(beta1, t)
        let biasCorrection2Sqrt = pow(1 - pow(beta2, t), 0.5)  // Python's `** 0.5`, which is pow
        let negativeStepSize = Float(-(lr / biasCorrection1))
        let bc2 = Float(biasCorrection2Sqrt), eps = Float(epsilon)
        let oneMinusBeta1 = Float(1 - beta1), b2 = Float(beta2), oneMinusBeta2 = Float(1 - beta2)
        let smallWeight = abs(oneMinusBeta1) < 0.5
        let lerpWeight = smallWeight ? oneMinusBeta1 : oneMinusBeta1 - 1
        let l2 = decoupled ? 0 : Float(weightDecay)
        // θ·1 = θ and g + 0·θ = g exactly, so Adam, AdamW and no decay share one branch-free loop.
        let shrink = decoupled ? Float(1 - lr * weightDecay) : 1
        for (i, p) in parameters.enumerated() {
            let parameter = p.parameter
            let count = parameter.value.count
            let m = slots.slots[i][0], v = slots.slots[i][1]
            parameter.gradient.values.withUnsafeBufferPointer { g in
                parameter.value.values.withUnsafeMutableBufferPointer { theta in
                    m.values.withUnsafeMutableBufferPointer { m in
                        v.values.withUnsafeMutableBufferPointer { v in
                            for j in 0..<count {
                                let th = theta[j] * shrink
                                let grad = fusedMultiplyAdd(th, l2, g[j])
                                // PyTorch's lerp: m + w·(g − m) for w < ½, else g + (w − 1)·(g − m), fused.
                                let mj = fusedMultiplyAdd(lerpWeight, grad - m[j], smallWeight ? m[j] : grad)
                                // addcmul after mul_: (1 − β₂)·g·g + β₂·v, the last step fused.
                                let vj = fusedMultiplyAdd(oneMinusBeta2 * grad, grad, v[j] * b2)
                                m[j] = mj
                                v[j] = vj
                                let denominator = vj.squareRoot() / bc2 + eps
                                theta[j] = th + negativeStepSize * mj / denominator
                            }
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
