import PNG

/// An RGB canvas to draw pictures on: rectangles, single pixels and text in the built-in font.
/// Drawing outside the canvas is clipped, so callers need not check bounds.
public struct Raster: Sendable {
    public typealias Color = (UInt8, UInt8, UInt8)
    public static let white: Color = (255, 255, 255)
    public static let black: Color = (0, 0, 0)

    public let width: Int
    public let height: Int
    /// RGB, row-major from the top-left.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: Color = Raster.white) {
        precondition(width >= 1 && height >= 1, "a canvas needs at least one pixel")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, background)
    }

    public mutating func set(_ x: Int, _ y: Int, _ c: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = c.0
        pixels[i + 1] = c.1
        pixels[i + 2] = c.2
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ c: Color) {
        // A rectangle wholly off the canvas (text running past an edge) gives an empty range here,
        // not a reversed one, which would trap.
        let (left, right) = (max(0, x), min(width, x + w))
        let (top, bottom) = (max(0, y), min(height, y + h))
        guard left < right, top < bottom else { return }
        for yy in top..<bottom {
            for xx in left..<right { set(xx, yy, c) }
        }
    }

    /// Draws `text` with its top-left corner at (x, y), each font pixel `scale` × `scale`.
    public mutating func text(_ text: String, x: Int, y: Int, scale: Int = 1, _ c: Color = Raster.black) {
        for (i, character) in text.enumerated() {
            let left = x + i * BitmapFont.advance * scale
            for gy in 0..<BitmapFont.height {
                for gx in 0..<BitmapFont.width where BitmapFont.isSet(character, x: gx, y: gy) {
                    fill(x: left + gx * scale, y: y + gy * scale, width: scale, height: scale, c)
                }
            }
        }
    }

    /// `text` drawn bottom-to-top (rotated 90° anticlockwise), its left end at the bottom, with
    /// the glyphs' top edge at column x.
    public mutating func verticalText(_ text: String, x: Int, bottom: Int, scale: Int = 1, _ c: Color = Raster.black) {
        for (i, character) in text.enumerated() {
            let start = bottom - i * BitmapFont.advance * scale
            for gy in 0..<BitmapFont.height {
                for gx in 0..<BitmapFont.width where BitmapFont.isSet(character, x: gx, y: gy) {
                    fill(x: x + gy * scale, y: start - (gx + 1) * scale, width: scale, height: scale, c)
                }
            }
        }
    }

    /// Width in pixels of `text` at `scale`.
    public static func textWidth(_ text: String, scale: Int = 1) -> Int { BitmapFont.width(of: text) * scale }
    /// Height in pixels of a line of text at `scale`.
    public static func textHeight(scale: Int = 1) -> Int { BitmapFont.height * scale }

    /// Copies `other` with its top-left corner at (x, y).
    public mutating func draw(_ other: Raster, x: Int, y: Int) {
        for yy in 0..<other.height {
            for xx in 0..<other.width {
                let i = (yy * other.width + xx) * 3
                set(x + xx, y + yy, (other.pixels[i], other.pixels[i + 1], other.pixels[i + 2]))
            }
        }
    }

    public var image: PNGImage { PNGImage(width: width, height: height, layout: .rgb, pixels: pixels) }

    /// Writes the picture as a PNG file to `path`, replacing it in one step.
    public func writePNG(to path: String) throws {
        try OutputFile.save(try image.encoded(), to: path)
    }
}
