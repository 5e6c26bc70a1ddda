import NN

/// One filter's activation at a layer, for one clip: the plane the network computes there,
/// as study 002 auralised the filters of its first convolutional layer.
///
/// The layer is named by its `state_dict` path (`conv1`, `features.0`), and the activation is
/// the named layer's output (so `relu1` gives the rectified map, `conv1` the raw one). Filter K
/// is channel K of that `[N, K, h, w]` output.
public struct FilterActivation {
    public let chain: LayerChain
    /// The number of links to run: the named layer and those before it.
    public let links: Int
    public let layer: String
    public let filter: Int

    /// - Throws: `CAMError.layer` for an unknown layer (listing those there are) or one inside a
    ///   branch, or one whose output is not `[N, K, h, w]`; `.filterOutOfRange`.
    public init(network: Network, run: String, layer: String, filter: Int) throws(CAMError) {
        let chain = LayerChain(network.root)
        let index: Int
        do { index = try chain.index(of: layer) } catch { throw .layer(run: run, message: "\(error)") }
        var shape = [1] + network.inputShape
        do {
            for link in chain.links[0...index] { shape = try link.layer.outputShape(for: shape) }
        } catch {
            throw .layer(run: run, message: "\(error)")
        }
        guard shape.count == 4 else {
            throw .layer(
                run: run,
                message:
                    "layer \(layer) gives \(shape.dropFirst()), not filter maps [K, h, w]; pick a convolutional layer")
        }
        guard (0..<shape[1]).contains(filter) else {
            throw .filterOutOfRange(run: run, layer: layer, filter: filter, channels: shape[1])
        }
        self.chain = chain
        links = index + 1
        self.layer = layer
        self.filter = filter
    }

    /// Filter K's plane for one clip `x` `[1, C, H, W]`: `[h, w]` row-major and its size.
    public func plane(_ x: Tensor, threads: Int = 1) -> (values: [Float], height: Int, width: Int) {
        precondition(x.shape.first == 1, "one clip at a time, not \(x.shape)")
        let y = chain.forward(x, 0..<links, ForwardContext.evaluation(threads: threads))
        let (h, w) = (y.shape[2], y.shape[3])
        let start = filter * h * w
        return (Array(y.values[start..<(start + h * w)]), h, w)
    }
}
