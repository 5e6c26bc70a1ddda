/// An 8-bit image in memory, row-major from the top-left pixel, channels interleaved.
///
/// A plain value: what `encoded()` writes and what `PNGImage(decoding:)` returns. Pixel (x, y)
/// of channel c is `pixels[(y * width + x) * layout.channels + c]`.
public struct PNGImage: Sendable, Equatable {
    /// The channels of each pixel, in memory order.
    public enum Layout: Sendable, Equatable {
        case gray, rgb, rgba

        public var channels: Int {
            switch self {
            case .gray: 1
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    public var width: Int
    public var height: Int
    public var layout: Layout
    /// `width · height · layout.channels` bytes.
    public var pixels: [UInt8]

    /// - Precondition: `pixels.count == width * height * layout.channels`, both sides ≥ 1.
    public init(width: Int, height: Int, layout: Layout = .rgb, pixels: [UInt8]) {
        precondition(width >= 1 && height >= 1, "an image needs at least one pixel, not \(width)×\(height)")
        precondition(
            pixels.count == width * height * layout.channels,
            "\(pixels.count) bytes do not fill \(width)×\(height) \(layout) pixels")
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }

    /// The channels of pixel (x, y).
    public subscript(x: Int, y: Int) -> ArraySlice<UInt8> {
        let start = (y * width + x) * layout.channels
        return pixels[start..<(start + layout.channels)]
    }
}
