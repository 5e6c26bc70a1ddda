import CPNG
import Foundation

extension PNGImage {
    /// The image as PNG bytes, compressed by libpng (zlib) with its default settings.
    public func encoded() throws(PNGError) -> [UInt8] {
        var image = makeHeader()
        let stride = Int32(width * layout.channels)
        // Asking with no buffer first gives the exact size; libpng then writes straight into ours.
        var size = 0
        let sized = pixels.withUnsafeBytes { raw in
            png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else { throw failure(image, "png_image_write_to_memory", path: "<memory>") }
        var bytes = [UInt8](repeating: 0, count: size)
        image = makeHeader()
        let written = bytes.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { raw in png_image_write_to_memory(&image, out.baseAddress, &size, 0, raw.baseAddress, stride, nil) }
        }
        guard written != 0 else { throw failure(image, "png_image_write_to_memory", path: "<memory>") }
        return Array(bytes.prefix(size))
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
