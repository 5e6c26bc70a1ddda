import AudioDSP
import FeatureSettings
import NN

/// The build's features as a differentiable function of the waveform, ending in the network's
/// input: the front end (`MelSpectrogramGradient` or `CochleagramGradient`, float64), the
/// build's resize when the recipe has one (`DifferentiableResize`), rounding to float32, and the
/// loader's standardisation (`InputStandardisation`, float32).
///
///     samples [count] → features [bands × frames] → resized [H × W] → (x − mean[r]) / std[r] → [1, 1, H, W]
///
/// `backward` takes ∂L/∂input (the network's input gradient, float32) back to ∂L/∂samples
/// (float64): divided by std per row, through the resize's transpose and the front end's
/// vector-Jacobian product. The rounding to float32 is taken as the identity. The build stores
/// rows as float16 (or float32) after the same steps, so the input for a clip's decoded audio
/// equals the loader's input for its shard row within the storage's rounding (docs/metamers.md).
public final class MetamerFrontEnd {
    /// What a forward pass keeps for `backward`.
    public struct Forward {
        /// The network's input `[1, 1, H, W]`, float32, standardised.
        public let input: Tensor
        /// The features before standardisation `[H × W]` (after any resize), float64.
        public let features: [Double]
        fileprivate let mel: MelSpectrogramGradient.Forward?
        fileprivate let cochleagram: CochleagramGradient.Forward?
    }

    public let parameters: FeatureParameters
    public let standardisation: InputStandardisation
    /// The network's input shape without the batch: `[1, H, W]`.
    public let inputShape: [Int]
    private let mel: MelSpectrogramGradient?
    private let cochleagram: CochleagramGradient?
    private let resize: DifferentiableResize?
    private let bands: Int
    private let frames: Int

    /// - Parameters:
    ///   - parameters: the build's feature parameters (a shard's `feature_parameters`).
    ///   - clipSamples: the clip length in samples at `parameters.sampleRate`.
    ///   - standardisation: one mean and std per row of the stored matrix.
    /// - Throws: `FeatureError` when the front end cannot differentiate these parameters (a mel
    ///   power other than 2) or the clip gives no frame.
    public init(
        parameters: FeatureParameters, clipSamples: Int, standardisation: InputStandardisation
    ) throws(FeatureError) {
        self.parameters = parameters
        var unresized = parameters
        unresized.resize = nil
        if let coch = parameters.cochleagram {
            cochleagram = try CochleagramGradient(coch, sampleRate: parameters.sampleRate)
            mel = nil
        } else {
            mel = try MelSpectrogramGradient(unresized)
            cochleagram = nil
        }
        let (bands, frames) = (unresized.bandCount, unresized.frameCount(forSamples: clipSamples))
        guard frames > 0 else {
            throw FeatureError(key: "clip", value: "\(clipSamples) samples", allowed: "a clip long enough for a frame")
        }
        (self.bands, self.frames) = (bands, frames)
        let shape = parameters.outputShape(forSamples: clipSamples)
        resize = parameters.resize.map { DifferentiableResize(rows: bands, columns: frames, to: $0) }
        inputShape = [1, shape.rows, shape.columns]
        guard standardisation.mean.count == shape.rows else {
            throw FeatureError(
                key: "normalisation", value: "\(standardisation.mean.count) rows",
                allowed: "one statistic per row of the \(shape.rows)-row features")
        }
        self.standardisation = standardisation
    }

    /// The features and the network's input for `samples`.
    public func forward(_ samples: [Double]) throws(FeatureError) -> Forward {
        var melForward: MelSpectrogramGradient.Forward?
        var cochForward: CochleagramGradient.Forward?
        var features: [Double]
        if let mel {
            let f = try mel.forward(samples)
            melForward = f
            features = f.features
        } else {
            let f = try cochleagram!.forward(samples)
            cochForward = f
            features = f.features
        }
        precondition(features.count == bands * frames, "the front end's shape drifted")
        if let resize { features = resize.forward(features) }
        let (rows, columns) = (inputShape[1], inputShape[2])
        var input = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            let (mean, std) = (standardisation.mean[r], standardisation.std[r])
            for c in 0..<columns { input[r * columns + c] = (Float(features[r * columns + c]) - mean) / std }
        }
        return Forward(
            input: Tensor(shape: [1] + inputShape, values: input), features: features, mel: melForward,
            cochleagram: cochForward)
    }

    /// ∂L/∂samples for ∂L/∂input `[1, 1, H, W]`.
    public func backward(_ forward: Forward, inputGradient: Tensor) -> [Double] {
        let (rows, columns) = (inputShape[1], inputShape[2])
        precondition(inputGradient.count == rows * columns, "the input gradient must be [1, 1, H, W]")
        var upstream = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            let std = Double(standardisation.std[r])
            for c in 0..<columns { upstream[r * columns + c] = Double(inputGradient.values[r * columns + c]) / std }
        }
        if let resize { upstream = resize.backward(upstream) }
        if let mel, let f = forward.mel { return mel.backward(f, upstream: upstream) }
        return cochleagram!.backward(forward.cochleagram!, upstream: upstream)
    }
}
