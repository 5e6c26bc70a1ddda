import HostCPU
import Index
import Recipe

/// One clip's features as a shard stores them: little-endian float16 (rounded to nearest, ties
/// to even) or float32 bytes, and per-band sums of the stored values, which is what a user
/// normalises.
struct StoredRow {
    var bytes: [UInt8]
    /// Per band: the count, sum and sum of squares of its stored values.
    var bandSums: [BandSums]

    init(_ values: [Float], bands: Int, dtype: ShardSpec.DType) {
        let columns = values.count / bands
        var stored = values
        switch dtype {
        case .float16:
            // Whole rows through F16C where the CPU has it (the same bits as Swift's `Float16`,
            // `Tests/HostCPUTests`), then widened back: the sums are of what the shard holds.
            var half = [UInt16](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { v in
                half.withUnsafeMutableBufferPointer { HalfPrecision.narrow(v, into: $0) }
            }
            half.withUnsafeBufferPointer { h in
                stored.withUnsafeMutableBufferPointer { HalfPrecision.widen(h, into: $0) }
            }
            bytes = half.withUnsafeBytes { raw in
                #if _endian(big)
                    half.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
                #else
                    [UInt8](raw)
                #endif
            }
        case .float32:
            bytes = values.withUnsafeBytes { raw in
                #if _endian(big)
                    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
                #else
                    [UInt8](raw)
                #endif
            }
        }
        bandSums = stored.withUnsafeBufferPointer { stored in
            (0..<bands).map { band in
                var s = 0.0, q = 0.0
                for x in stored[(band * columns)..<((band + 1) * columns)] {
                    s += Double(x)
                    q += Double(x) * Double(x)
                }
                return BandSums(count: Int64(columns), sum: s, sumSquares: q)
            }
        }
    }
}
