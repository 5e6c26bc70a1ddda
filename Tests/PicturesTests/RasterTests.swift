import PNG
import Testing

@testable import Pictures

/// The canvas: filled white, drawing clipped at the edges, text drawn cell for cell from the
/// font (upright and rotated), and the PNG it becomes decodes back to the same pixels.
@Suite struct RasterTests {
    static let red: Raster.Color = (255, 0, 0)

    @Test func aNewCanvasIsItsBackground() {
        let white = Raster(width: 3, height: 2)
        #expect(white.pixels == [UInt8](repeating: 255, count: 18))
        let grey = Raster(width: 2, height: 2, background: (9, 8, 7))
        #expect(grey.pixels == [9, 8, 7, 9, 8, 7, 9, 8, 7, 9, 8, 7])
    }

    @Test func pixelsAreRowMajorFromTheTopLeft() {
        var canvas = Raster(width: 4, height: 3)
        canvas.set(3, 1, Self.red)
        #expect(Array(canvas.pixels[((1 * 4 + 3) * 3)...].prefix(3)) == [255, 0, 0])
        #expect(canvas.pixels.enumerated().filter { $0.element != 255 }.map(\.offset) == [22, 23])
    }

    @Test func drawingOutsideTheCanvasIsClipped() {
        var canvas = Raster(width: 4, height: 3)
        canvas.set(-1, 0, Self.red)
        canvas.set(4, 0, Self.red)
        canvas.set(0, 3, Self.red)
        #expect(canvas.pixels.allSatisfy { $0 == 255 })
        canvas.fill(x: -2, y: -2, width: 3, height: 4, Self.red)  // covers x -2…0, y -2…1
        canvas.fill(x: 3, y: 2, width: 10, height: 10, Raster.black)
        canvas.fill(x: 1, y: 1, width: 0, height: 5, Self.red)  // nothing
        let painted = (0..<3).map { y in (0..<4).map { x in canvas.rgb(x, y) } }
        let (r, w, k): ([UInt8], [UInt8], [UInt8]) = ([255, 0, 0], [255, 255, 255], [0, 0, 0])
        #expect(painted == [[r, w, w, w], [r, w, w, w], [w, w, w, k]])
    }

    /// Text running past an edge draws what fits: rectangles wholly off the canvas, on any
    /// side, are nothing (they once trapped on a reversed range).
    @Test func rectanglesWhollyOffTheCanvasDrawNothing() {
        var canvas = Raster(width: 4, height: 3)
        for (x, y) in [(4, 0), (0, 3), (-5, 0), (0, -5), (100, 100), (-100, -100)] {
            canvas.fill(x: x, y: y, width: 2, height: 2, Self.red)
        }
        canvas.fill(x: 1, y: 1, width: -3, height: 2, Self.red)
        #expect(canvas.pixels.allSatisfy { $0 == 255 })
        canvas.text("a long caption that runs far off the right edge", x: 1, y: 0)
        canvas.verticalText("and one off the top", x: 0, bottom: 2)
        #expect(canvas.pixels.contains(0))
    }

    @Test func textSetsExactlyTheGlyphsCellsScaled() {
        var canvas = Raster(width: 14, height: 16)
        canvas.text("1", x: 2, y: 1, scale: 2)
        for y in 0..<16 {
            for x in 0..<14 {
                let (gx, gy) = ((x - 2) / 2, (y - 1) / 2)
                let inside = x >= 2 && y >= 1 && gx < 5 && gy < 7
                let expected = inside && BitmapFont.isSet("1", x: gx, y: gy)
                #expect(canvas.rgb(x, y) == (expected ? [0, 0, 0] : [255, 255, 255]), "pixel (\(x), \(y))")
            }
        }
    }

    @Test func charactersAdvanceSixCellsAndTakeTheirColour() {
        var canvas = Raster(width: 11, height: 7)
        canvas.text("LL", x: 0, y: 0, scale: 1, Self.red)
        // Each "L" is its left column and bottom row; the second starts 6 pixels on.
        #expect((0..<7).allSatisfy { canvas.rgb(0, $0) == rgb(Self.red) && canvas.rgb(6, $0) == rgb(Self.red) })
        #expect(canvas.rgb(5, 6) == [255, 255, 255], "the gap between characters")
        #expect(canvas.rgb(4, 6) == rgb(Self.red) && canvas.rgb(10, 6) == rgb(Self.red))
    }

    /// Rotated anticlockwise: glyph row gy becomes column x + gy, glyph column gx runs upwards from `bottom`.
    @Test func verticalTextReadsBottomToTop() {
        var canvas = Raster(width: 7, height: 6)
        canvas.verticalText("1", x: 0, bottom: 5)
        var set: [[Int]] = []
        for y in 0..<6 { for x in 0..<7 where canvas.rgb(x, y) == [0, 0, 0] { set.append([x, y]) } }
        // "1" has cells (2, 0), (1, 1), (2, 1), (2, 2…5), (1…3, 6): (gx, gy) lands on (gy, 5 − gx − 1).
        let expected = [[2, 0], [1, 1], [2, 1], [2, 2], [2, 3], [2, 4], [2, 5], [1, 6], [2, 6], [3, 6]]
            .map { [$0[1], 4 - $0[0]] }
        #expect(Set(set) == Set(expected))
    }

    @Test func drawCopiesAnotherCanvasClippedAtTheEdges() {
        var tile = Raster(width: 2, height: 2, background: Self.red)
        tile.set(1, 1, Raster.black)
        var canvas = Raster(width: 3, height: 3)
        canvas.draw(tile, x: 2, y: 2)
        #expect(canvas.rgb(2, 2) == rgb(Self.red))
        canvas.draw(tile, x: -1, y: -1)
        #expect(canvas.rgb(0, 0) == [0, 0, 0], "the tile's (1, 1) lands on (0, 0)")
        #expect(canvas.rgb(1, 1) == [255, 255, 255] && canvas.rgb(1, 0) == [255, 255, 255])
    }

    @Test func theImageIsAnRGBPNGOfTheSamePixels() throws {
        var canvas = Raster(width: 5, height: 3)
        canvas.set(4, 2, Self.red)
        canvas.set(0, 0, Raster.black)
        let bytes = try canvas.image.encoded()
        // Signature, then IHDR: width and height big-endian, 8 bits, colour type 2 (RGB).
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
        #expect(Array(bytes[16..<26]) == [0, 0, 0, 5, 0, 0, 0, 3, 8, 2])
        let back = try PNGImage(decoding: bytes)
        #expect(back.width == 5 && back.height == 3 && back.pixels == canvas.pixels)
    }
}
