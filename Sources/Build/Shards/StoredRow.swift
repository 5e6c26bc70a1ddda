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
        bytes = [UInt8](repeating: 0, count: values.count * (dtype == .float16 ? 2 : 4))
        var stored = [Float](repeating: 0, count: values.count)
        bytes.withUnsafeMutableBytes { raw in
            switch dtype {
            case .float16:
                for (i, v) in values.enumerated() {
                    let half = Float16(v)
                    raw.storeBytes(of: half.bitPattern.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                    stored[i] = Float(half)
                }
            case .float32:
                for (i, v) in values.enumerated() {
                    raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                }
                stored = values
            }
        }
        bandSums = (0..<bands).map { band in
            var s = 0.0, q = 0.0
            for x in stored[(band * columns)..<((band + 1) * columns)] {
                s += Double(x)
                q += Double(x) * Double(x)
            }
            return BandSums(count: Int64(columns), sum: s, sumSquares: q)
        }
    }
}
