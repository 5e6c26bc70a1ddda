/// 16-bit integer samples as the floats libsndfile would give for them.
///
/// libsndfile turns a 16-bit sample `s` into the float `Float(s) * (1 / 32768)` (its `s2f_array`
/// with normalisation on, the default). Both steps are exact, since every 16-bit integer is a
/// float and 1/32,768 is a power of two, so converting here gives the same bits, in a loop the
/// compiler vectorises, where libsndfile's conversion was more than half of decoding a WAV.
enum SixteenBitSamples {
    static let scale: Float = 1.0 / 32_768

    /// Fast path: eight samples per step. `target` has room for `samples.count` floats.
    static func widen(_ samples: UnsafeBufferPointer<Int16>, into target: UnsafeMutablePointer<Float>) {
        guard let source = samples.baseAddress else { return }
        var i = 0
        while i + 8 <= samples.count {
            let eight = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Int16>.self)
            let widened = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: eight)) * scale
            UnsafeMutableRawPointer(target + i).storeBytes(of: widened, as: SIMD8<Float>.self)
            i += 8
        }
        while i < samples.count {
            target[i] = Float(source[i]) * scale
            i += 1
        }
    }

    /// Naive reference: one sample at a time, exactly libsndfile's expression.
    static func widenNaive(_ samples: UnsafeBufferPointer<Int16>) -> [Float] {
        samples.map { Float($0) * scale }
    }
}
