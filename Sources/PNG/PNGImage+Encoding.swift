import CPNG
import Foundation

extension PNGImage {
    /// The image as PNG bytes, compressed by libpng (zlib) with its default settings.
    public func encoded() throws(PNGError) -> [UInt8] {
        let stride = Int32(width * layout.channels)
        // A buffer of libpng's worst-case size lets one pass compress the image; asking for the
        // exact size first would run zlib over every pixel twice.
        var capacity = maximumEncodedSize
        while true {
            var image = makeHeader()
            var bytes = [UInt8](repeating: 0, count: capacity)
            var size = capacity
            let written = bytes.withUnsafeMutableBytes { out in
                pixels.withUnsafeBytes { raw in
                    png_image_write_to_memory(&image, out.baseAddress, &size, 0, raw.baseAddress, stride, nil)
                }
            }
            if written != 0 { return Array(bytes.prefix(size)) }
            // libpng reports a short buffer by raising `size` to what it needs; the bound should
            // prevent that, but a zlib other than the one the bound assumes could exceed it.
            guard size > capacity else { throw failure(image, "png_image_write_to_memory", path: "<memory>") }
            png_image_free(&image)
            capacity = size
        }
    }

    /// libpng's PNG_IMAGE_PNG_SIZE_MAX for this image, which Swift cannot import as a macro:
    /// the fixed chunks, zlib's deflate bound on the filtered rows, and one IDAT header for
    /// each zlib buffer's worth of data. Only 8-bit, non-colour-mapped formats occur here.
    private var maximumEncodedSize: Int {
        let filtered = height * (width * layout.channels + 1)
        let compressed = filtered + ((filtered + 7) >> 3) + ((filtered + 63) >> 6) + 11
        let chunks = 8 + 25 + 16 + 44 + 12 + 12
        return chunks + 12 * (compressed / Int(PNG_ZBUF_SIZE)) + compressed
    }

    /// Writes the PNG to `path`, replacing the file in one step (a reader never sees half of it).
    public func write(to path: String) throws(PNGError) {
        let bytes = try encoded()
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw PNGError(path: path, function: "write", reason: "cannot write: \(error.localizedDescription)")
        }
    }

    private func makeHeader() -> png_image {
        var image = png_image()
        image.version = CPNG_IMAGE_VERSION
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = layout.libpngFormat
        return image
    }
}

extension PNGImage.Layout {
    var libpngFormat: png_uint_32 {
        switch self {
        case .gray: CPNG_FORMAT_GRAY
        case .rgb: CPNG_FORMAT_RGB
        case .rgba: CPNG_FORMAT_RGBA
        }
    }
}

/// libpng's message from a failed simplified-API call (the struct holds it as a C string).
func failure(_ image: png_image, _ function: String, path: String) -> PNGError {
    var copy = image
    let message = withUnsafeBytes(of: &copy.message) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    png_image_free(&copy)
    return PNGError(path: path, function: function, reason: message.isEmpty ? "libpng reported an error" : message)
}
