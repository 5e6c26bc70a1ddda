import FeatureSettings
import NN

/// Gradient descent on a waveform until a network's activations at one layer match a target's:
/// the loss L = Σᵢ (a(x)ᵢ − tᵢ)², the squared L2 distance between the metamer's activations a(x)
/// at the cut and the target's t, flows back through the layers below the cut (each layer's
/// `backward` to its input, in eval mode) and the front end (`MetamerFrontEnd.backward`) to the
/// samples, which Adam updates in float64.
///
/// The cut is a link of the network's `LayerChain` (its activations are that layer's output), or
/// the input (`layer: nil`: the features themselves). When the cut layer is a ReLU, its backward
/// lets the gradient through where its input is negative too (Feather et al. 2019's
/// "jittered" ReLU gradient at the metamer layer, which study 001 reused): otherwise units that
/// noise leaves off could never be turned on. The activations are unchanged.
public final class MetamerGenerator {
    public let chain: LayerChain
    /// The cut: links `0..<depth` run; 0 is the input.
    public let depth: Int
    public let frontEnd: MetamerFrontEnd
    public let options: MetamerOptions
    private let passThroughReLU: Bool

    /// One metamer's optimisation.
    public struct Result: Sendable {
        public var samples: [Double]
        /// The loss of the pink noise it started from.
        public var initialLoss: Double
        /// The loss of the final samples.
        public var finalLoss: Double
        /// The loss before each step (`iterations` values).
        public var losses: [Double]
    }

    /// - Parameter layer: the `state_dict` path of the cut layer, or nil for the input.
    /// - Throws: `LesionError` naming the layers there are when `layer` is not on the main path.
    public init(
        chain: LayerChain, layer: String?, frontEnd: MetamerFrontEnd, options: MetamerOptions
    ) throws(LesionError) {
        self.chain = chain
        if let layer { depth = try chain.index(of: layer) + 1 } else { depth = 0 }
        self.frontEnd = frontEnd
        self.options = options
        passThroughReLU = depth > 0 && chain.links[depth - 1].layer is ReLU
    }

    /// The activations at the cut for a network input `[1, 1, H, W]`, flattened.
    public func activations(input: Tensor) -> [Float] {
        chain.forward(input, 0..<depth, .evaluation(threads: options.threads)).values
    }

    /// The whole network's output (logits) for a network input.
    public func logits(input: Tensor) -> [Float] {
        chain.forward(input, 0..<chain.links.count, .evaluation(threads: options.threads)).values
    }

    /// The loss and its gradient with respect to `samples`: one metamer iteration without the
    /// optimiser's update (what `melshard bench metamer` times).
    public func lossAndGradient(_ samples: [Double], target: [Float]) throws(FeatureError) -> (Double, [Double]) {
        let forward = try frontEnd.forward(samples)
        let context = ForwardContext.evaluation(threads: options.threads)
        let a = chain.forward(forward.input, 0..<depth, context)
        precondition(a.count == target.count, "target activations of another layer")
        var loss = 0.0
        var dy = Tensor(shape: a.shape)
        for i in 0..<a.count {
            let d = Double(a.values[i]) - Double(target[i])
            loss += d * d
            dy.values[i] = Float(2 * d)
        }
        for link in (0..<depth).reversed() {
            if link == depth - 1 && passThroughReLU { continue }
            dy = chain.links[link].layer.backward(dy, context, needsInputGradient: true)!
        }
        return (loss, frontEnd.backward(forward, inputGradient: dy))
    }

    /// Runs `options.iterations` Adam steps from `start` (the pink noise) towards the target's
    /// activations at the cut. Adam as PyTorch's `torch.optim.Adam` (bias-corrected moments, ε
    /// added to √v̂), in float64, with the staircase decay of `MetamerOptions.learningRate(atStep:)`.
    public func optimise(from start: [Double], target: [Float]) throws(FeatureError) -> Result {
        var x = start
        var m = [Double](repeating: 0, count: x.count)
        var v = [Double](repeating: 0, count: x.count)
        var losses: [Double] = []
        losses.reserveCapacity(options.iterations)
        let (b1, b2, eps) = (options.beta1, options.beta2, options.epsilon)
        var (b1t, b2t) = (1.0, 1.0)
        for step in 0..<options.iterations {
            let (loss, g) = try lossAndGradient(x, target: target)
            losses.append(loss)
            let lr = options.learningRate(atStep: step)
            b1t *= b1
            b2t *= b2
            for i in x.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - b1t), vHat = v[i] / (1 - b2t)
                x[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        let final = try lossAndGradient(x, target: target).0
        return Result(samples: x, initialLoss: losses.first ?? final, finalLoss: final, losses: losses)
    }
}
