import Foundation
import Testing

@testable import AudioDSP

/// The dB kernel's fast path against its naive reference (Foundation's double-precision log10,
/// rounded to float32 once).
@Suite struct DecibelsTests {
    func fast(_ values: [Float], floor: Float = 1e-10, offset: Float = 0) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { target, count in
            values.withUnsafeBufferPointer {
                Decibels.convert(
                    $0.baseAddress!, count: values.count, floor: floor, offset: offset, into: target.baseAddress!)
            }
            count = values.count
        }
    }

    /// Every 1009th float from 1e-10 up to the largest finite one, eight lanes at a time: equal
    /// bits, except where the exact logarithm lies within rounding of the fast path's double
    /// error of a halfway point between two floats, and then one ulp apart.
    @Test func fastPathEqualsTheNaiveReferenceAcrossTheFloats() {
        var pattern = Float(1e-10).bitPattern
        var values: [Float] = []
        values.reserveCapacity(1 << 20)
        var (compared, differing) = (0, 0)
        func check() {
            let out = fast(values, offset: -3.25)
            for (x, y) in zip(values, out) {
                let reference = Decibels.naive(x, floor: 1e-10, offset: -3.25)
                compared += 1
                if y != reference {
                    differing += 1
                    #expect(abs(Int64(y.bitPattern) - Int64(reference.bitPattern)) <= 1, "\(x): \(y) vs \(reference)")
                }
            }
            values.removeAll(keepingCapacity: true)
        }
        while pattern < Float.greatestFiniteMagnitude.bitPattern {
            values.append(Float(bitPattern: pattern))
            if values.count == 1 << 20 { check() }
            pattern += 1009
        }
        check()
        #expect(compared > 1_000_000)
        #expect(differing <= compared / 100_000, "\(differing) of \(compared) differ")
    }

    /// Below the floor, zero, negative, NaN, infinity and subnormals: as `max(floor, x)` then
    /// the reference, in every position of a SIMD block and of the scalar tail.
    @Test func specialValuesFollowTheReference() {
        let specials: [Float] = [
            0, -0.0, -1, 1e-12, 1e-10, .leastNonzeroMagnitude, .leastNormalMagnitude, .nan, .infinity, -.infinity,
            .greatestFiniteMagnitude, 1, 10, 1e-3,
        ]
        for floor: Float in [1e-10, .leastNonzeroMagnitude] {
            for shift in 0..<9 {
                let values = Array(repeating: Float(0.5), count: shift) + specials
                let out = fast(values, floor: floor, offset: 1.5)
                let reference = values.map { Decibels.naive($0, floor: floor, offset: 1.5) }
                #expect(out.map(\.bitPattern) == reference.map(\.bitPattern), "floor \(floor), shift \(shift)")
            }
        }
        #expect(fast([0, 1, 10], floor: 1e-10) == [-100, 0, 10])
    }
}
