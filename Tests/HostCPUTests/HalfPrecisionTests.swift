import Foundation
import HostCPU
import Testing

/// Every conversion path against Swift's own `Float16` conversion (the compiler runtime's, what
/// shards were written with before F16C), bit for bit.
@Suite struct HalfPrecisionTests {
    /// Narrows `values` through `path`, in one call, so rows of any length and their tails of
    /// fewer than eight values are exercised.
    static func narrow(_ values: [Float], path: HalfPrecision.Path) -> [UInt16] {
        var out = [UInt16](repeating: 0xdead, count: values.count)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { HalfPrecision.narrow(source, into: $0, path: path) }
        }
        return out
    }

    static func widen(_ values: [UInt16], path: HalfPrecision.Path) -> [UInt32] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { HalfPrecision.widen(source, into: $0, path: path) }
        }
        return out.map(\.bitPattern)
    }

    /// The values where rounding to float16 is decided: zeros, float32 subnormals, float16
    /// subnormals and the smallest normals, the largest finite value and what rounds past it,
    /// infinities, and NaNs quiet and signalling with payloads high and low.
    static let specials: [Float] = {
        let bits: [UInt32] = [
            0x0000_0000, 0x0000_0001, 0x007f_ffff, 0x0080_0000,  // zero, float32 subnormals, smallest normal
            0x7f80_0000,  // +inf
            0x7fc0_0000, 0x7fc0_0001, 0x7fff_ffff, 0x7fe0_2000, 0x7fc0_1fff,  // quiet NaNs
            0x7f80_0001, 0x7fa0_0000, 0x7f80_2000, 0x7fbf_ffff, 0x7f80_1fff,  // signalling NaNs
        ]
        var values = bits.map { Float(bitPattern: $0) }
        let halfSubnormal: Float = 0x1p-24
        values += [
            halfSubnormal, halfSubnormal / 2, (halfSubnormal / 2).nextUp, (halfSubnormal / 2).nextDown,
            3 * halfSubnormal / 2, 5 * halfSubnormal / 2, 1023 * halfSubnormal, 1023.5 * halfSubnormal,
            0x1p-14, 0x1p-14 - halfSubnormal / 2, 0x1p-14 + halfSubnormal, 0x1p-15, 0x1p-25, 0x1p-26, 0x1p-30,
            65504, 65505, 65519, 65519.996, 65520, 65520.004, 65536, 1e6, Float.greatestFiniteMagnitude,
            1, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 1 + 0x1p-11 + 0x1p-23, 2048, 2049, 2050, 2051, 4097, 4099,
            0.1, 1.0 / 3, -80.12345, 42.42,
        ]
        return values + values.map { -$0 }
    }()

    @Test(arguments: HalfPrecision.Path.available)
    func specialValuesNarrowAsSwiftDoes(path: HalfPrecision.Path) {
        let expected = Self.specials.map { Float16($0).bitPattern }
        let got = Self.narrow(Self.specials, path: path)
        for (i, value) in Self.specials.enumerated() where got[i] != expected[i] {
            let input = String(value.bitPattern, radix: 16)
            let (gave, wanted) = (String(got[i], radix: 16), String(expected[i], radix: 16))
            Issue.record("\(path): 0x\(input) (\(value)) gave 0x\(gave), expected 0x\(wanted)")
        }
        // The facts the specials stand for, so that a wrong reference cannot pass unnoticed.
        #expect(got[Self.specials.firstIndex(of: 65520)!] == 0x7c00, "65520 is a tie that rounds to infinity")
        #expect(got[Self.specials.firstIndex(of: 65519)!] == 0x7bff, "65519 rounds to the largest finite value")
        #expect(got[Self.specials.firstIndex(of: 0x1p-25)!] == 0, "half the smallest subnormal ties to zero")
        #expect(got[Self.specials.firstIndex(of: 1 + 0x1p-11)!] == 0x3c00, "a tie rounds to even")
        #expect(got[Self.specials.firstIndex(of: 1 + 3 * 0x1p-11)!] == 0x3c02, "a tie rounds to even")
    }

    /// Around every float16 value: the value itself, the midpoint to the next one (a tie) and
    /// the floats on either side of it, both signs: every rounding decision there is.
    @Test(arguments: HalfPrecision.Path.available)
    func everyRoundingBoundaryNarrowsAsSwiftDoes(path: HalfPrecision.Path) {
        var values: [Float] = []
        for h in UInt16(0)..<0x7c00 {
            let low = Float(Float16(bitPattern: h)), high = Float(Float16(bitPattern: h + 1))
            let middle = (Double(low) + Double(high)) / 2
            // Exact: float32 holds every float16 midpoint.
            let tie = Float(middle)
            values += [low, tie, tie.nextUp, tie.nextDown]
        }
        values += values.map { -$0 }
        let got = Self.narrow(values, path: path)
        let mismatches = values.indices.filter { got[$0] != Float16(values[$0]).bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, first \(mismatches.prefix(3).map { values[$0] })")
    }

    /// Four million float32 bit patterns drawn at random (every exponent, NaNs included) and as
    /// many values in the range features take, in rows of odd lengths.
    @Test(arguments: HalfPrecision.Path.available)
    func randomValuesNarrowAsSwiftDoes(path: HalfPrecision.Path) {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        let patterns = (0..<(1 << 22)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: next())) }
        let features = (0..<(1 << 22)).map { _ in Float(Double(next() >> 11) * 0x1p-53 * 300 - 150) }
        for values in [patterns, features] {
            var offset = 0, length = 1
            var mismatches = 0
            while offset < values.count {
                let row = Array(values[offset..<min(values.count, offset + length)])
                let got = Self.narrow(row, path: path)
                mismatches += row.indices.filter { got[$0] != Float16(row[$0]).bitPattern }.count
                offset += length
                length = length % 4099 + 7
            }
            #expect(mismatches == 0)
        }
    }

    /// Widening is exact, so both paths agree on every float16 value; signalling NaNs come back
    /// as NaNs with the same sign and payload on both (F16C quiets them, and so does Swift here).
    @Test(arguments: HalfPrecision.Path.available)
    func everyFloat16WidensAsSwiftDoes(path: HalfPrecision.Path) {
        let all = (0...UInt16.max).map { $0 }
        let got = Self.widen(all, path: path)
        let expected = all.map { Float(Float16(bitPattern: $0)).bitPattern }
        let mismatches = all.indices.filter { got[$0] != expected[$0] }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, first \(mismatches.prefix(3).map { all[$0] })")
        #expect(got[0x3c00] == Float(1).bitPattern && got[0x7bff] == Float(65504).bitPattern)
        #expect(got[0x0001] == Float(0x1p-24).bitPattern && got[0xfc00] == (-Float.infinity).bitPattern)
    }

    /// A row narrowed and widened again equals Swift's round trip, for every row length up to
    /// 40, so each tail of fewer than eight values is covered.
    @Test(arguments: HalfPrecision.Path.available)
    func shortRowsAndTailsStayInPlace(path: HalfPrecision.Path) {
        for length in 0...40 {
            let row = (0..<length).map { Float($0) * 1.37 - 20 }
            let narrowed = Self.narrow(row, path: path)
            #expect(narrowed == row.map { Float16($0).bitPattern })
            #expect(Self.widen(narrowed, path: path) == row.map { Float(Float16($0)).bitPattern })
        }
    }
}
