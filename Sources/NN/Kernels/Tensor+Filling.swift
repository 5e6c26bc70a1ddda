extension Tensor {
    /// A tensor of `shape` whose elements `body` writes, without first filling it with zeros.
    ///
    /// Layers produce every output element themselves, so the zero fill of `Tensor(shape:)` would
    /// be a wasted pass over each activation. `body` must write every element.
    static func filling(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = shape.reduce(1, *)
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Tensor(shape: shape, values: values)
    }
}
