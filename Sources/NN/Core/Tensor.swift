/// A dense float32 array in row-major order.
///
/// Layouts follow PyTorch: images are `[N, C, H, W]` (batch, channels, height, width), sequences
/// `[N, C, L]`, features `[N, F]`. A value type: copies share storage until one is written.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// A tensor of `shape` filled with `value` (zeros by default).
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, values: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// The number of elements.
    public var count: Int { values.count }

    /// The same values under another shape with as many elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, values: values)
    }

    /// Sets every element to zero, keeping the storage.
    public mutating func zero() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
