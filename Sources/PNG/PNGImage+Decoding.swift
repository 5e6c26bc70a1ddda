import CPNG
import Foundation

extension PNGImage {
    /// Decodes PNG bytes of any colour type and bit depth into 8-bit `layout` pixels (libpng
    /// converts: palette and gray expand, 16-bit narrows, alpha is added or composed on black).
    ///
    /// - Parameter path: names the source in errors only.
    public init(decoding bytes: [UInt8], as layout: Layout = .rgb, path: String = "<memory>") throws(PNGError) {
        // libpng keeps a pointer to the input from begin_read until finish_read, so the bytes
        // live in one buffer owned here for that whole span.
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        defer { input.deallocate() }
        input.copyBytes(from: bytes)
        var image = png_image()
        image.version = CPNG_IMAGE_VERSION
        guard png_image_begin_read_from_memory(&image, input.baseAddress, bytes.count) != 0 else {
            throw failure(image, "png_image_begin_read_from_memory", path: path)
        }
        image.format = layout.libpngFormat
        let (width, height) = (Int(image.width), Int(image.height))
        var pixels = [UInt8](repeating: 0, count: width * height * layout.channels)
        let finished = pixels.withUnsafeMutableBytes { out in
            png_image_finish_read(&image, nil, out.baseAddress, Int32(width * layout.channels), nil)
        }
        guard finished != 0 else { throw failure(image, "png_image_finish_read", path: path) }
        self.init(width: width, height: height, layout: layout, pixels: pixels)
    }

    /// Reads and decodes the PNG file at `path`.
    public init(contentsOf path: String, as layout: Layout = .rgb) throws(PNGError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PNGError(path: path, function: "read", reason: "no such file or not readable")
        }
        try self.init(decoding: [UInt8](data), as: layout, path: path)
    }
}
