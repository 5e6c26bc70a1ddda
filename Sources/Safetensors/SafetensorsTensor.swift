/// One named tensor: its element type, its shape and its raw little-endian bytes, row-major.
///
/// A plain value with no invariants of its own: the encoder checks that `bytes` fits `shape`,
/// and the reader only ever returns tensors that do.
public struct SafetensorsTensor: Sendable, Equatable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [Int]
    /// Row-major elements, little-endian, `dtype.byteWidth` bytes each.
    public var bytes: [UInt8]

    public init(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Float16 elements, each rounded to the nearest representable value, ties to even;
    /// magnitudes past 65504 (from 65520 up) become infinities, tiny ones subnormals or zero.
    public static func float16(_ name: String, shape: [Int], values: [Float]) -> Self {
        Self(
            name: name, dtype: .f16, shape: shape, bytes: LittleEndian.bytes(of: values.map { Float16($0).bitPattern }))
    }

    public static func float32(_ name: String, shape: [Int], values: [Float]) -> Self {
        Self(name: name, dtype: .f32, shape: shape, bytes: LittleEndian.bytes(of: values.map(\.bitPattern)))
    }

    public static func int32(_ name: String, shape: [Int], values: [Int32]) -> Self {
        Self(name: name, dtype: .i32, shape: shape, bytes: LittleEndian.bytes(of: values))
    }

    public static func int64(_ name: String, shape: [Int], values: [Int64]) -> Self {
        Self(name: name, dtype: .i64, shape: shape, bytes: LittleEndian.bytes(of: values))
    }

    public static func uint8(_ name: String, shape: [Int], values: [UInt8]) -> Self {
        Self(name: name, dtype: .u8, shape: shape, bytes: values)
    }
}
