import Foundation

/// NumPy's `.npy` format (version 1.0) for little-endian float32 arrays, the one interchange
/// every Python user can open with `numpy.load`.
public enum Npy {
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): not a float32 .npy file: \(reason)" }
    }

    /// Encodes `values` with `shape` as a `.npy` byte string.
    public static func encode(_ values: [Float], shape: [Int]) -> Data {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        var data = header(shape: shape)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// The magic, version and header of a C-ordered float32 array of `shape`: what precedes its
    /// values, padded to a multiple of 64 bytes.
    public static func header(shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // The magic (6) + version (2) + length (2) + header + newline must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        return data
    }

    /// Writes a `.npy` file.
    public static func write(_ values: [Float], shape: [Int], to path: String) throws {
        try encode(values, shape: shape).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func write(_ matrix: FeatureMatrix, to path: String) throws {
        try write(matrix.values, shape: matrix.shape, to: path)
    }

    /// Reads a little-endian float32, C-ordered `.npy` file (version 1.0 or 2.0).
    public static func read(_ path: String) throws -> (values: [Float], shape: [Int]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func fail(_ reason: String) -> FormatError { FormatError(path: path, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("bad magic")
        }
        let major = bytes[6]
        let (headerLength, headerStart): (Int, Int) =
            major == 1
            ? (Int(bytes[8]) | Int(bytes[9]) << 8, 10)
            : (Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24, 12)
        guard headerStart + headerLength <= bytes.count,
            let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .ascii)
        else { throw fail("truncated header") }
        guard header.contains("'descr': '<f4'") else { throw fail("dtype is not '<f4' in \(header)") }
        guard header.contains("'fortran_order': False") else { throw fail("Fortran order is not supported") }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else {
            throw fail("no shape in header")
        }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        let count = shape.reduce(1, *)
        let payload = headerStart + headerLength
        guard bytes.count - payload == count * 4 else {
            throw fail("payload holds \(bytes.count - payload) bytes, shape \(shape) needs \(count * 4)")
        }
        let values = bytes[payload...].withUnsafeBytes { raw in
            (0..<count).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return (values, shape)
    }
}
