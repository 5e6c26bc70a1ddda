/// A safetensors file read into memory and validated once, whose tensors can then be read
/// without further checks: every byte range in `header` is known to lie inside the file and to
/// match its tensor's shape.
public struct SafetensorsFile: Sendable {
    public let path: String
    public let header: SafetensorsHeader
    /// The whole file; a tensor's data is at `header.dataStart + entry.dataOffsets`.
    private let bytes: [UInt8]

    /// Reads and validates the file at `path`.
    public init(path: String) throws(SafetensorsError) {
        try self.init(bytes: try FileReader.readAll(path: path), path: path)
    }

    /// Validates `bytes` as the contents of a safetensors file; `path` only names it in errors.
    public init(bytes: [UInt8], path: String) throws(SafetensorsError) {
        let headerLength = try SafetensorsHeader.declaredLength(
            prefix: bytes.prefix(8), fileSize: bytes.count, path: path)
        let dataStart = 8 + headerLength
        self.header = try SafetensorsHeader(
            json: bytes[8..<dataStart], dataStart: dataStart, dataSize: bytes.count - dataStart, path: path)
        self.path = path
        self.bytes = bytes
    }

    /// Reads and validates only the header of the file at `path`, checking its byte ranges
    /// against the file's size: a cheap way to tell a complete, well-formed file from a
    /// truncated or corrupt one without reading its data.
    public static func readHeader(path: String) throws(SafetensorsError) -> SafetensorsHeader {
        let file = try FileReader(path: path)
        let headerLength = try SafetensorsHeader.declaredLength(
            prefix: try file.read(count: min(8, file.size))[...], fileSize: file.size, path: path)
        let json = try file.read(count: headerLength)
        let dataStart = 8 + headerLength
        return try SafetensorsHeader(json: json[...], dataStart: dataStart, dataSize: file.size - dataStart, path: path)
    }

    /// The tensor named `name`, with a copy of its bytes.
    public func tensor(_ name: String) throws(SafetensorsError) -> SafetensorsTensor {
        let entry = try entry(name)
        return SafetensorsTensor(
            name: entry.name, dtype: entry.dtype, shape: entry.shape, bytes: Array(data(of: entry)))
    }

    /// The elements of an F16 or F32 tensor as `Float` (F16 widens exactly); with `elements`,
    /// only those (flat indices, row-major), so one row of a large tensor is not decoded whole.
    public func floats(_ name: String, elements: Range<Int>? = nil) throws(SafetensorsError) -> [Float] {
        let entry = try entry(name)
        var bytes = data(of: entry)
        let width = entry.dtype.byteWidth
        if let elements {
            guard elements.lowerBound >= 0, elements.upperBound * width <= bytes.count else {
                throw SafetensorsError(
                    path: path,
                    reason: .invalidTensor(name: name, problem: "elements \(elements) lie outside the tensor"))
            }
            bytes =
                bytes[
                    (bytes.startIndex + elements.lowerBound * width)..<(bytes.startIndex + elements.upperBound * width)]
        }
        switch entry.dtype {
        case .f32: return LittleEndian.values(of: bytes, as: UInt32.self).map(Float.init(bitPattern:))
        case .f16: return LittleEndian.values(of: bytes, as: UInt16.self).map { Float(Float16(bitPattern: $0)) }
        default:
            throw SafetensorsError(
                path: path, reason: .wrongDType(name: name, expected: "F16 or F32", actual: entry.dtype.rawValue))
        }
    }

    /// The elements of a floating-point tensor of any width (F16, BF16, F32, F64) as `Float`:
    /// for weights saved by another framework, which may keep them in half or double precision.
    /// F16 and BF16 widen exactly; F64 rounds to the nearest `Float` (values beyond its range
    /// become infinite, which the caller can check). Integer and boolean tensors throw
    /// `.wrongDType`: counting them as weights would hide a mix-up of names.
    public func convertedFloats(_ name: String) throws(SafetensorsError) -> [Float] {
        let entry = try entry(name)
        switch entry.dtype {
        case .f32, .f16: return try floats(name)
        case .bf16:
            // bfloat16 is the top half of a float32's bits.
            return LittleEndian.values(of: data(of: entry), as: UInt16.self).map {
                Float(bitPattern: UInt32($0) << 16)
            }
        case .f64:
            return LittleEndian.values(of: data(of: entry), as: UInt64.self).map { Float(Double(bitPattern: $0)) }
        default:
            throw SafetensorsError(
                path: path,
                reason: .wrongDType(name: name, expected: "F16, BF16, F32 or F64", actual: entry.dtype.rawValue))
        }
    }

    public func int32s(_ name: String) throws(SafetensorsError) -> [Int32] { try integers(name, .i32) }
    public func int64s(_ name: String) throws(SafetensorsError) -> [Int64] { try integers(name, .i64) }
    public func uint8s(_ name: String) throws(SafetensorsError) -> [UInt8] { try integers(name, .u8) }

    private func integers<T: FixedWidthInteger>(
        _ name: String, _ dtype: SafetensorsDType
    ) throws(SafetensorsError) -> [T] {
        let entry = try entry(name)
        guard entry.dtype == dtype else {
            throw SafetensorsError(
                path: path, reason: .wrongDType(name: name, expected: dtype.rawValue, actual: entry.dtype.rawValue))
        }
        return LittleEndian.values(of: data(of: entry), as: T.self)
    }

    private func entry(_ name: String) throws(SafetensorsError) -> SafetensorsHeader.Entry {
        guard let entry = header.entry(name) else { throw SafetensorsError(path: path, reason: .noSuchTensor(name)) }
        return entry
    }

    private func data(of entry: SafetensorsHeader.Entry) -> ArraySlice<UInt8> {
        bytes[(header.dataStart + entry.dataOffsets.lowerBound)..<(header.dataStart + entry.dataOffsets.upperBound)]
    }
}
