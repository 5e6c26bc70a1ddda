import Foundation

/// The cochleagram's compressive nonlinearity, `(max(x, 0) + offset)^power` elementwise
/// (chcochleagram's `ClippedGradPowerCompression` forward pass at scale 1): the downsampler's
/// sinc lobes can make a quiet envelope slightly negative, which the rectification removes, and
/// the offset keeps silence at `offset^power` (0.00398 at the defaults) rather than 0.
enum PowerCompression {
    static func apply(_ x: Double, power: Double, offset: Double) -> Double {
        let v = max(x, 0) + offset
        return v == 0 ? 0 : pow(v, power)
    }
}
