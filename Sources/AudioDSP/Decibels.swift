import Foundation

/// `10·log10(max(floor, x)) − offset` over mel power, as `librosa.power_to_db` computes it
/// before its `top_db` floor.
///
/// Layout: `values` and `target` are `count` contiguous floats; `floor` is positive.
///
/// The logarithm is taken in double precision and rounded to float32 once, so it is the
/// correctly rounded `log10` of the float (except when the exact value lies within about 1e-15
/// of a halfway point between two floats); then `10·` and `− offset` are float32 operations, as
/// librosa's are. The fast path computes that logarithm with its own branch-free series instead
/// of calling a library `log10` per value, which was most of the scaling stage: the same basic
/// operations in the same order on every machine, so shards stay identical across CPUs.
enum Decibels {
    /// Fast path. A value whose floored input is not a finite normal float (infinity, or a
    /// subnormal floor) is recomputed by the naive expression in a second, rarely taken pass.
    static func convert(
        _ values: UnsafePointer<Float>, count: Int, floor: Float, offset: Float,
        into target: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count {
            target[i] = 10 * Float(log10(normal: floored(values[i], floor))) - offset
        }
        for i in 0..<count {
            let input = floored(values[i], floor)
            if !(input < .infinity) || !(input >= .leastNormalMagnitude) {
                target[i] = naive(values[i], floor: floor, offset: offset)
            }
        }
    }

    /// Naive reference: one value at a time, with Foundation's double-precision `log10`.
    static func naive(_ x: Float, floor: Float, offset: Float) -> Float {
        10 * Float(Foundation.log10(Double(max(floor, x)))) - offset
    }

    /// `max(floor, x)` as Swift's `max` has it: NaN becomes the floor.
    private static func floored(_ x: Float, _ floor: Float) -> Float { x >= floor ? x : floor }

    /// log10 of a positive, finite, normal float.
    ///
    /// x = 2^e · m with m in [√½, √2); ln m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.1716,
    /// summed to s¹⁵ (the next term is below 2e-14 of the result); log10 x = (e·ln 2 + ln m)/ln 10.
    /// Branch-free (selects, not jumps), so the loop around it runs without mispredictions.
    @inline(__always)
    private static func log10(normal x: Float) -> Double {
        let bits = x.bitPattern
        let biased = Int32(truncatingIfNeeded: (bits >> 23) & 0xff)
        let mantissa = Double(Float(bitPattern: (bits & 0x007f_ffff) | 0x3f80_0000))
        let high = mantissa > 1.4142135623730951
        let m = high ? mantissa * 0.5 : mantissa
        let e = Double(biased &- (high ? 126 : 127))
        let s = (m - 1) / (m + 1)
        let z = s * s
        // Horner, from the highest term: 1 + z/3 + z²/5 + … + z⁷/15.
        var series = 1.0 / 15
        series = series * z + 1.0 / 13
        series = series * z + 1.0 / 11
        series = series * z + 1.0 / 9
        series = series * z + 1.0 / 7
        series = series * z + 1.0 / 5
        series = series * z + 1.0 / 3
        series = series * z + 1
        return (e * 0.6931471805599453 + 2 * s * series) * 0.4342944819032518
    }
}
