/// The element types a safetensors file can hold, spelled as they appear in the header.
///
/// Only the types with a whole number of bytes per element that melshard or numpy can meet are
/// listed; the 4-, 6- and 8-bit float types of newer safetensors versions are rejected on read.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32", i64 = "I64", u64 = "U64", f64 = "F64"

    /// Bytes per element, which is also the element's alignment.
    public var byteWidth: Int {
        switch self {
        case .bool, .u8, .i8: 1
        case .i16, .u16, .f16, .bf16: 2
        case .i32, .u32, .f32: 4
        case .i64, .u64, .f64: 8
        }
    }

    /// Position in the official implementation's `Dtype` enum, which is declared in increasing
    /// alignment order and breaks ties between equally wide types in its own way
    /// (F64 < I64 < U64, I32 < U32 < F32, …). The encoder lays tensors out by this rank,
    /// descending, so every tensor starts aligned and the data section matches what
    /// `safetensors.numpy.save_file` writes for the same tensors.
    var layoutRank: Int {
        switch self {
        case .bool: 0
        case .u8: 1
        case .i8: 2
        case .i16: 3
        case .u16: 4
        case .f16: 5
        case .bf16: 6
        case .i32: 7
        case .u32: 8
        case .f32: 9
        case .f64: 10
        case .i64: 11
        case .u64: 12
        }
    }

    /// The number of bytes a tensor of `shape` occupies, or nil when a dimension is negative
    /// or the count does not fit in an `Int` (a hostile header can declare any shape).
    func byteCount(of shape: [Int]) -> Int? {
        var count = byteWidth
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }
}
