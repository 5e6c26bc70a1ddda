import Safetensors

/// What the reader promises for any input: it throws a `SafetensorsError`, or every tensor it
/// returns has exactly the bytes its shape calls for, read from inside the file.
enum Consistency {
    static func check(_ bytes: [UInt8]) -> Bool {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(bytes: bytes, path: "fuzz")
        } catch {
            return true  // typed throws: it can only be a SafetensorsError
        }
        var end = file.header.dataStart
        for entry in file.header.entries {
            guard let tensor = try? file.tensor(entry.name) else { return false }
            let elements = entry.shape.reduce(1, *)
            guard tensor.bytes.count == elements * entry.dtype.byteWidth,
                tensor.bytes.count == entry.dataOffsets.count,
                file.header.dataStart + entry.dataOffsets.upperBound <= bytes.count
            else { return false }
            end = max(end, file.header.dataStart + entry.dataOffsets.upperBound)
            let count: Int? =
                switch entry.dtype {
                case .f16, .f32: try? file.floats(entry.name).count
                case .i32: try? file.int32s(entry.name).count
                case .i64: try? file.int64s(entry.name).count
                case .u8: try? file.uint8s(entry.name).count
                default: elements
                }
            guard count == elements else { return false }
        }
        return end == bytes.count  // the tensors cover the data exactly
    }
}
