import Foundation
import PNG
import TestSupport
import Testing

/// The libpng wrapper: what is encoded decodes back bit for bit, and bad input is a PNGError.
@Suite struct PNGImageTests {
    @Test(arguments: [PNGImage.Layout.gray, .rgb, .rgba])
    func encodedImagesDecodeBackExactly(layout: PNGImage.Layout) throws {
        let (width, height) = (37, 19)
        let pixels = (0..<(width * height * layout.channels)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        let image = PNGImage(width: width, height: height, layout: layout, pixels: pixels)
        let bytes = try image.encoded()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "the PNG signature")
        #expect(try PNGImage(decoding: bytes, as: layout) == image)
    }

    @Test func writesAFileThatDecodes() throws {
        let directory = TemporaryDirectory("png")
        let image = PNGImage(width: 2, height: 1, layout: .rgb, pixels: [255, 0, 0, 0, 0, 255])
        let path = directory.file("two.png")
        try image.write(to: path)
        let back = try PNGImage(contentsOf: path)
        #expect(Array(back[0, 0]) == [255, 0, 0] && Array(back[1, 0]) == [0, 0, 255])
    }

    @Test func garbageIsAPNGErrorNamingTheFile() throws {
        #expect(throws: PNGError.self) { try PNGImage(decoding: Array("not a png at all".utf8), path: "x.png") }
        do {
            _ = try PNGImage(decoding: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], path: "cut.png")
            Issue.record("a truncated PNG decoded")
        } catch {
            #expect(error.description.hasPrefix("cut.png: "))
        }
    }
}
