import NN

/// Class activation maps (Zhou et al., 2016) of a network whose head is global average pooling
/// followed by exactly one dense layer, as study 002's CAM CNN (`ren-cam`) and `small-cnn`.
///
/// For a clip and a class c, the map is `M_c(h, w) = Σ_k W[c, k] · A_k(h, w)`: the dense layer's
/// weights for the class applied to the last convolutional block's feature maps `A` `[K, h, w]`,
/// the activation that global average pooling reads. Since pooling is a mean, the class's logit is
/// `mean(M_c) + b_c`; the bias, constant over the plane, is left out of the map (as in Zhou et al.).
///
/// Layers allowed between the pooling and the dense layer are those that change no value in eval
/// mode (`Flatten`, `Reshape`, `Dropout`); anything else, or a second dense layer anywhere in the
/// network, makes the network unsuitable, with the reason in `CAMError.notCAMNetwork`.
public struct ClassActivationMap {
    public let chain: LayerChain
    /// The links that run before global average pooling: `chain.forward(x, 0..<poolLink)` gives `A`.
    public let poolLink: Int
    /// The dense layer's weight, `[classes, K]` row-major.
    public let weights: [Float]
    public let classes: Int
    public let channels: Int

    /// - Parameters:
    ///   - run: the run folder (or any name), for errors.
    ///   - model: the network's name, for errors.
    /// - Throws: `CAMError.notCAMNetwork` naming the reason.
    public init(network: Network, run: String) throws(CAMError) {
        let chain = LayerChain(network.root)
        func refuse(_ reason: String) -> CAMError { .notCAMNetwork(run: run, model: network.name, reason: reason) }
        let dense = chain.links.indices.filter { chain.links[$0].layer is Linear }
        guard let last = dense.last, last == chain.links.count - 1 else {
            throw refuse(dense.isEmpty ? "no dense layer" : "its last layer is not a dense layer")
        }
        guard dense.count == 1 else {
            throw refuse("\(dense.count) dense layers (\(dense.map { chain.links[$0].path }.joined(separator: ", ")))")
        }
        var pool = last - 1
        while pool >= 0, Self.isTransparent(chain.links[pool].layer) { pool -= 1 }
        guard pool >= 0, Self.isGlobalPool(chain.links[pool].layer) else {
            let before = pool >= 0 ? "\(chain.links[pool].path) (\(chain.links[pool].layer.kind))" : "nothing"
            throw refuse("its dense layer follows \(before), not global average pooling")
        }
        guard pool > 0 else { throw refuse("nothing before its global average pooling") }
        let linear = chain.links[last].layer as! Linear
        self.chain = chain
        poolLink = pool
        weights = linear.weight.value.values
        classes = linear.outFeatures
        channels = linear.inFeatures
    }

    /// The feature maps `A` of one clip `x` `[1, C, H, W]`: `[K, h, w]` as a tensor of that shape.
    public func featureMaps(_ x: Tensor, threads: Int = 1) -> Tensor {
        precondition(x.shape.first == 1, "one clip at a time, not \(x.shape)")
        let a = chain.forward(x, 0..<poolLink, ForwardContext.evaluation(threads: threads))
        return a.reshaped(Array(a.shape.dropFirst()))
    }

    /// The map of class `c` on feature maps `a` `[K, h, w]`: `[h, w]` row-major, summed over k in
    /// float64 and rounded to float32 once.
    public func map(featureMaps a: Tensor, class c: Int) -> [Float] {
        precondition((0..<classes).contains(c), "class \(c) of \(classes)")
        precondition(a.shape.count == 3 && a.shape[0] == channels, "feature maps \(a.shape), \(channels) expected")
        let plane = a.shape[1] * a.shape[2]
        var sum = [Double](repeating: 0, count: plane)
        a.values.withUnsafeBufferPointer { values in
            for k in 0..<channels {
                let w = Double(weights[c * channels + k])
                let base = k * plane
                for i in 0..<plane { sum[i] += w * Double(values[base + i]) }
            }
        }
        return sum.map { Float($0) }
    }

    /// The map of class `c` for one clip `x` `[1, C, H, W]`: its plane `[h, w]` and size.
    public func map(_ x: Tensor, class c: Int, threads: Int = 1) -> (values: [Float], height: Int, width: Int) {
        let a = featureMaps(x, threads: threads)
        return (map(featureMaps: a, class: c), a.shape[1], a.shape[2])
    }

    private static func isTransparent(_ layer: any Layer) -> Bool {
        layer is Flatten || layer is Reshape || layer is Dropout
    }

    private static func isGlobalPool(_ layer: any Layer) -> Bool {
        if layer is GlobalAveragePool { return true }
        if let adaptive = layer as? AdaptiveAvgPool2D { return adaptive.output == (1, 1) }
        return false
    }
}
