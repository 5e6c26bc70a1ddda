import Recipe

/// A shard's `features` tensor as it will be stored: little-endian float16 or float32 bytes,
/// filled row by row in any order.
struct FeatureBuffer {
    let dtype: ShardSpec.DType
    let valuesPerRow: Int
    private(set) var bytes: [UInt8]

    private var width: Int { dtype == .float16 ? 2 : 4 }

    init(dtype: ShardSpec.DType, rows: Int, valuesPerRow: Int) {
        self.dtype = dtype
        self.valuesPerRow = valuesPerRow
        bytes = [UInt8](repeating: 0, count: rows * valuesPerRow * (dtype == .float16 ? 2 : 4))
    }

    /// Rounds to float16 (to nearest, ties to even) when that is the stored type.
    mutating func store(_ values: [Float], row: Int) {
        precondition(values.count == valuesPerRow)
        let base = row * valuesPerRow * width
        bytes.withUnsafeMutableBytes { raw in
            switch dtype {
            case .float16:
                for (i, v) in values.enumerated() { raw.storeBytes(of: Float16(v).bitPattern.littleEndian, toByteOffset: base + 2 * i, as: UInt16.self) }
            case .float32:
                for (i, v) in values.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: base + 4 * i, as: UInt32.self) }
            }
        }
    }

    /// The stored values of one row, widened to Float.
    func load(row: Int) -> [Float] {
        let base = row * valuesPerRow * width
        return bytes.withUnsafeBytes { raw in
            switch dtype {
            case .float16:
                (0..<valuesPerRow).map { Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: base + 2 * $0, as: UInt16.self)))) }
            case .float32:
                (0..<valuesPerRow).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * $0, as: UInt32.self))) }
            }
        }
    }

    /// Drops the rows whose flag is false (clips of a source that failed to decode).
    mutating func keepRows(_ keep: [Bool]) {
        let rowBytes = valuesPerRow * width
        var kept: [UInt8] = []
        kept.reserveCapacity(keep.filter { $0 }.count * rowBytes)
        for (row, k) in keep.enumerated() where k { kept += bytes[(row * rowBytes)..<((row + 1) * rowBytes)] }
        bytes = kept
    }
}
