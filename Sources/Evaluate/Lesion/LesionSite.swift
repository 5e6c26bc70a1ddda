import NN

/// Where a filter's output is set to zero: after the named layer itself, or after the batch norm
/// that follows it.
public enum ZeroPoint: String, Sendable, Codable, CaseIterable {
    /// After the batch norm that follows the layer (the default). The filter then sends nothing
    /// upwards, which is what "set to zero" means in study 000 and in Dobs et al. (2022).
    case afterBatchNorm = "after-batch-norm"
    /// Between the layer and its batch norm. The batch norm then turns the zeros into its shift
    /// for that channel, β − γ·μ/√(σ² + ε) from its running statistics, a constant that the layers
    /// above still receive: the filter's pattern is gone but not its mean contribution.
    case beforeBatchNorm = "before-batch-norm"
}

/// The cut in a network where a lesion is applied: the links below it run once per batch, the
/// links above it once per lesion.
public struct LesionSite: Sendable, Equatable, Codable {
    /// The layer whose filters are lesioned (`features.12`).
    public var layer: String
    /// What it is (`Conv2d(256, 256, kernel (3, 3), …)`).
    public var kind: String
    /// The path of the batch norm directly after it, if any.
    public var batchNorm: String?
    /// Where the zeros go: after the batch norm when there is one and `afterBatchNorm` is asked.
    public var zeroPoint: ZeroPoint
    /// The path of the link after which the channel is set to zero.
    public var zeroedAfter: String
    /// The number of filters (the output's dimension 1).
    public var channels: Int
    /// The shape of one example's activation at the cut (`[C, H, W]` or `[C]`).
    public var activationShape: [Int]
    /// Links `0..<cut` run below the cut, `cut..<links.count` above it.
    public var cut: Int

    /// Finds `layer` in `chain` and the cut for `zeroPoint`, for inputs of `inputShape`
    /// (one example, without the batch dimension).
    public init(chain: LayerChain, layer: String, zeroPoint: ZeroPoint, inputShape: [Int]) throws(LesionError) {
        let index = try chain.index(of: layer)
        let next = index + 1 < chain.links.count ? chain.links[index + 1] : nil
        let batchNorm = next.flatMap { $0.layer is BatchNorm ? $0.path : nil }
        let last = batchNorm != nil && zeroPoint == .afterBatchNorm ? index + 1 : index
        var shape = [1] + inputShape
        for link in chain.links[0...last] {
            do {
                shape = try link.layer.outputShape(for: shape)
            } catch {
                throw .option("inputs of shape \(inputShape.shapeDescription) do not fit the network: \(error)")
            }
        }
        guard shape.count >= 2 else { throw .noChannels(layer: layer, shape: shape) }
        self.layer = layer
        kind = chain.links[index].layer.kind
        self.batchNorm = batchNorm
        self.zeroPoint = batchNorm == nil ? .beforeBatchNorm : zeroPoint
        zeroedAfter = chain.links[last].path
        channels = shape[1]
        activationShape = Array(shape.dropFirst())
        cut = last + 1
    }

    /// Sets the channels `filters` of every example of `activation` (`[N, C, …]`) to zero.
    public static func zero(_ filters: [Int], in activation: inout Tensor) {
        let n = activation.shape[0], channels = activation.shape[1]
        let inner = activation.count / max(1, n * channels)
        activation.values.withUnsafeMutableBufferPointer { values in
            for example in 0..<n {
                for filter in filters {
                    let start = (example * channels + filter) * inner
                    values[start..<(start + inner)].update(repeating: 0)
                }
            }
        }
    }
}
