import HostCPU
import Index
import Recipe

/// One clip's features as a shard stores them: little-endian float16 (rounded to nearest, ties
/// to even) or float32 bytes, and per-band sums of the stored values, which is what a user
/// normalises. Public so that `bench features` times exactly what a build does.
public struct StoredRow {
    public var bytes: [UInt8]
    /// Per band: the count, sum and sum of squares of its stored values.
    public var bandSums: [BandSums]

    /// `values` is `bands` rows of `values.count / bands` columns, band-major.
    public init(_ values: [Float], bands: Int, dtype: ShardSpec.DType) {
        let columns = values.count / bands
        switch dtype {
        case .float16:
            // Whole rows through F16C where the CPU has it (the same bits as Swift's `Float16`,
            // `Tests/HostCPUTests`), straight into the bytes, then widened back: the sums are of
            // what the shard holds.
            var bytes = [UInt8](repeating: 0, count: 2 * values.count)
            var stored = [Float](repeating: 0, count: values.count)
            values.withUnsafeBufferPointer { v in
                bytes.withUnsafeMutableBytes { raw in
                    let half = raw.bindMemory(to: UInt16.self)
                    HalfPrecision.narrow(v, into: half)
                    stored.withUnsafeMutableBufferPointer { HalfPrecision.widen(UnsafeBufferPointer(half), into: $0) }
                    #if _endian(big)
                        for i in half.indices { half[i] = half[i].littleEndian }
                    #endif
                }
            }
            self.bytes = bytes
            bandSums = Self.sums(stored, bands: bands, columns: columns)
        case .float32:
            bytes = values.withUnsafeBytes { raw in
                #if _endian(big)
                    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
                #else
                    [UInt8](raw)
                #endif
            }
            bandSums = Self.sums(values, bands: bands, columns: columns)
        }
    }

    /// Per band, the sum and sum of squares of its `columns` values in float64, added in column
    /// order: the bits of the stored statistics depend on that order, so it is the order of
    /// `naiveSums`. Eight bands are summed side by side, one per SIMD lane, each lane adding its
    /// own band's values one column after another; a single band's chain of dependent additions
    /// left the core waiting on each one.
    static func sums(_ stored: [Float], bands: Int, columns: Int) -> [BandSums] {
        var sums = [BandSums](repeating: BandSums(count: Int64(columns)), count: bands)
        stored.withUnsafeBufferPointer { x in
            var band = 0
            while band + 8 <= bands {
                var s = SIMD8<Double>(), q = SIMD8<Double>()
                for column in 0..<columns {
                    var v = SIMD8<Double>()
                    for lane in 0..<8 { v[lane] = Double(x[(band + lane) * columns + column]) }
                    s += v
                    q += v * v
                }
                for lane in 0..<8 { (sums[band + lane].sum, sums[band + lane].sumSquares) = (s[lane], q[lane]) }
                band += 8
            }
            for b in band..<bands {
                var s = 0.0, q = 0.0
                for column in 0..<columns {
                    let v = Double(x[b * columns + column])
                    s += v
                    q += v * v
                }
                (sums[b].sum, sums[b].sumSquares) = (s, q)
            }
        }
        return sums
    }

    /// The reference: each band on its own, its values in column order.
    static func naiveSums(_ stored: [Float], bands: Int, columns: Int) -> [BandSums] {
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
