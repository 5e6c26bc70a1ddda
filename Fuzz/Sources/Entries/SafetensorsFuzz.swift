import Safetensors

/// A safetensors file as training and `inspect` read one: validated whole from memory, then
/// every tensor the header declares read back, which must stay inside the file. The header
/// alone is also read from disk, the cheaper path `verify` takes.
enum SafetensorsFuzz {
    private static let scratch = FuzzScratch("safetensors")

    static func run(_ bytes: [UInt8]) -> Bool {
        let path = scratch.write("fuzz.safetensors", bytes)
        let headerOnly = try? SafetensorsFile.readHeader(path: path)
        guard let file = try? SafetensorsFile(bytes: bytes, path: path) else { return false }
        precondition(headerOnly == file.header, "the header read from disk differs from the one read from memory")
        for entry in file.header.entries {
            switch entry.dtype {
            case .f16, .f32: _ = try? file.floats(entry.name)
            case .i32: _ = try? file.int32s(entry.name)
            case .i64: _ = try? file.int64s(entry.name)
            case .u8: _ = try? file.uint8s(entry.name)
            default: _ = try? file.tensor(entry.name)
            }
        }
        return true
    }
}
