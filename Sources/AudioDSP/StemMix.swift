/// Mixes stems into one signal as a mixing desk at unity gain would: their sum, scaled down only
/// when it would clip.
public enum StemMix {
    /// The sample-wise sum of `stems` (all of one length), added in the order given. When some
    /// |sample| exceeds 1, the whole sum is scaled so the peak is exactly 1; otherwise it is left
    /// as it is, so a mixture that fits keeps the stems' own levels and equals their sum.
    public static func mix(_ stems: [[Float]]) -> [Float] {
        guard var sum = stems.first else { return [] }
        for stem in stems.dropFirst() {
            precondition(stem.count == sum.count, "stems of one mixture have one length")
            sum.withUnsafeMutableBufferPointer { s in
                stem.withUnsafeBufferPointer { x in
                    for i in s.indices { s[i] += x[i] }
                }
            }
        }
        let peak = sum.reduce(Float(0)) { max($0, abs($1)) }
        if peak > 1 {
            // Division, not a reciprocal's product: the peak sample becomes exactly 1.
            for i in sum.indices { sum[i] /= peak }
        }
        return sum
    }
}
