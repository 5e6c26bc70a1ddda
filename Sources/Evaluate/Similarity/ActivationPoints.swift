import Foundation
import NN

/// The depths at which activations are compared: the input, then one point per block or per layer,
/// then optionally the output probabilities.
///
/// A block, as study 003 counts layers (conv 1–4, dense 1–2, output), starts at a convolution or a
/// dense layer and runs up to the next one: its batch norm, activation, pooling and dropout are
/// part of it, and its point is the activation after all of them (a flatten just before the next
/// block is left out, as it changes no value).
public struct ActivationPoints {
    /// Which points to take.
    public enum Granularity: String, Sendable, Codable, CaseIterable {
        /// The input and one point per block (the study's figure).
        case blocks
        /// The input and one point after every layer of the chain.
        case layers
    }

    /// What the network's outputs become at the last point: the study's output layer applies
    /// a sigmoid (multi-label) or a softmax (single-label) to the logits.
    public enum Output: String, Sendable, Codable {
        case sigmoid, softmax
    }

    /// One point: its name (`input`, the block's first layer path, `output`) and how many links
    /// run before it.
    public struct Point: Sendable, Equatable, Codable {
        public var name: String
        public var links: Int
    }

    public let chain: LayerChain
    public let points: [Point]
    public let output: Output?

    public init(chain: LayerChain, granularity: Granularity, output: Output?) {
        self.chain = chain
        self.output = output
        var points = [Point(name: "input", links: 0)]
        switch granularity {
        case .layers:
            points += chain.links.enumerated().map { Point(name: $0.element.path, links: $0.offset + 1) }
        case .blocks:
            let starts = chain.links.indices.filter {
                let layer = chain.links[$0].layer
                return layer is Conv2D || layer is Conv1D || layer is Linear
            }
            for (k, start) in starts.enumerated() {
                var end = k + 1 < starts.count ? starts[k + 1] : chain.links.count
                // A flatten before the next dense layer stays out: it changes no value, and the
                // block's maps keep their [C, H, W] shape for the feature-map picture.
                while end - 1 > start, chain.links[end - 1].layer is Flatten || chain.links[end - 1].layer is Reshape {
                    end -= 1
                }
                points.append(Point(name: chain.links[start].path, links: end))
            }
        }
        if let output { points.append(Point(name: "output (\(output.rawValue))", links: chain.links.count)) }
        self.points = points
    }

    /// Every point's activation for each example of `inputs` (`[N, …]`): `[point][example]`, each a
    /// flat vector, and each point's shape for one example.
    public func record(_ inputs: Tensor, threads: Int = 1) -> (vectors: [[[Float]]], shapes: [[Int]]) {
        let context = ForwardContext.evaluation(threads: threads)
        let n = inputs.shape[0]
        var vectors: [[[Float]]] = [], shapes: [[Int]] = []
        var x = inputs, ran = 0
        for (p, point) in points.enumerated() {
            x = chain.forward(x, ran..<point.links, context)
            ran = point.links
            var values = x
            if output != nil, p == points.count - 1 { values = apply(output!, to: x) }
            let size = values.count / max(1, n)
            vectors.append((0..<n).map { Array(values.values[($0 * size)..<(($0 + 1) * size)]) })
            shapes.append(Array(values.shape.dropFirst()))
        }
        return (vectors, shapes)
    }

    private func apply(_ output: Output, to logits: Tensor) -> Tensor {
        var result = logits
        let n = logits.shape[0], width = logits.count / max(1, n)
        for i in 0..<n {
            let row = (i * width)..<((i + 1) * width)
            switch output {
            case .sigmoid:
                for j in row { result.values[j] = Float(1 / (1 + exp(-Double(logits.values[j])))) }
            case .softmax:
                let top = Double(logits.values[row].max() ?? 0)
                let sum = logits.values[row].reduce(0.0) { $0 + exp(Double($1) - top) }
                for j in row { result.values[j] = Float(exp(Double(logits.values[j]) - top) / sum) }
            }
        }
        return result
    }
}
