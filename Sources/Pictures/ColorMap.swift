/// A perceptually uniform colour map: equal steps in value look like equal steps in colour, and
/// lightness rises monotonically, so a spectrogram reads correctly in grey-scale print too.
///
/// The table is matplotlib's viridis (van der Walt and Smith, 2015) sampled at nine evenly spaced
/// points (the same nine as R's `viridis(9)`), interpolated linearly in sRGB between them. A
/// 256-entry table would differ from this by at most a few units per channel.
public struct ColorMap: Sendable {
    public let name: String
    /// Anchor colours from value 0 to value 1, evenly spaced.
    let anchors: [(UInt8, UInt8, UInt8)]

    public static let viridis = ColorMap(
        name: "viridis",
        anchors: [
            (0x44, 0x01, 0x54), (0x47, 0x2D, 0x7B), (0x3B, 0x52, 0x8B), (0x2C, 0x72, 0x8E), (0x21, 0x90, 0x8C),
            (0x27, 0xAD, 0x81), (0x5D, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
        ])

    /// Grey from black (0) to white (1): the spectrogram under an activation overlay, so that the
    /// overlay's colours are the only colours in the picture.
    public static let gray = ColorMap(name: "gray", anchors: [(0, 0, 0), (255, 255, 255)])

    /// matplotlib's "hot" (black, red, yellow, white: red rises over the first 3/8, green over the
    /// next 3/8, blue over the last 1/4), sampled at its nine anchors' values so that linear
    /// interpolation between them is exact but for rounding: class activation maps and filter
    /// activations over a grey spectrogram, where the brightest, warmest parts are the strongest.
    public static let hot = ColorMap(
        name: "hot",
        anchors: (0..<9).map { i in
            let v = Double(i) / 8
            func ramp(_ from: Double, _ to: Double) -> UInt8 {
                UInt8((min(max((v - from) / (to - from), 0), 1) * 255).rounded())
            }
            return (ramp(0, 0.375), ramp(0.375, 0.75), ramp(0.75, 1))
        })

    /// The colour of `value` in [0, 1]; values outside are clamped, NaN is the lowest colour.
    public func color(_ value: Double) -> (UInt8, UInt8, UInt8) {
        let v = value.isNaN ? 0 : min(max(value, 0), 1)
        let position = v * Double(anchors.count - 1)
        let i = min(Int(position), anchors.count - 2)
        let f = position - Double(i)
        let (a, b) = (anchors[i], anchors[i + 1])
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Relative luminance (0…1, Rec. 709 weights on sRGB values), for tests and for picking text colours.
    public static func luminance(_ c: (UInt8, UInt8, UInt8)) -> Double {
        (0.2126 * Double(c.0) + 0.7152 * Double(c.1) + 0.0722 * Double(c.2)) / 255
    }
}
