/// A layer cannot take an input of this shape. Carries the layer's path in the network
/// (`features.3`), what it is, the shape it got and why it cannot take it.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var layer: String
    public var kind: String
    public var input: [Int]
    public var reason: String

    public init(layer: String = "", kind: String, input: [Int], reason: String) {
        self.layer = layer
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    public var description: String {
        let name = layer.isEmpty ? kind : "\(layer) (\(kind))"
        return "layer \(name): input \(input.shapeDescription): \(reason)"
    }
}

extension [Int] {
    /// `[64, 1, 32, 32]`, as PyTorch prints a size.
    public var shapeDescription: String { "[" + map(String.init).joined(separator: ", ") + "]" }
}
