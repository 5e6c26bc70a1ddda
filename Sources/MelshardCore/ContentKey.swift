import Crypto
import Foundation

/// The SHA-256 of a unit of work's inputs: fingerprints, the parameters that affect it and the
/// format version. Equal keys mean equal outputs, which is what lets a build skip the unit.
public struct ContentKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Lower-case hexadecimal, 64 characters.
    public let hex: String

    public init(hex: String) { self.hex = hex }

    public var description: String { hex }

    public static func < (a: ContentKey, b: ContentKey) -> Bool { a.hex < b.hex }

    /// The key of named fields, in the order given.
    public static func of(_ fields: KeyValuePairs<String, String>) -> ContentKey {
        var builder = Builder()
        for (name, value) in fields { builder.add(name, value) }
        return builder.finish()
    }

    /// Accumulates named fields. Each name and value is length-prefixed, so no two different
    /// field lists can hash the same bytes (`("ab", "c")` vs `("a", "bc")`).
    public struct Builder {
        private var hasher = SHA256()

        public init() {}

        public mutating func add(_ name: String, _ value: String) {
            append(name)
            append(value)
        }

        /// A field whose value is UTF-8 `bytes`: the same key as `add(name, String(decoding: bytes))`,
        /// for callers that assemble a value in a reused buffer.
        public mutating func add(_ name: String, utf8 bytes: [UInt8]) {
            append(name)
            var length = UInt64(bytes.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }

        public mutating func add(_ name: String, _ value: some BinaryInteger) {
            add(name, String(value))
        }

        private mutating func append(_ text: String) {
            var length = UInt64(text.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            // The string's own UTF-8 storage, not a copied array: a plan key hashes millions of fields.
            var text = text
            text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }

        public func finish() -> ContentKey {
            ContentKey(hex: Self.hex(digest()))
        }

        public func digest() -> [UInt8] { Array(hasher.finalize()) }

        static func hex(_ digest: some Sequence<UInt8>) -> String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            for byte in digest {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// SHA-256 of bytes and files, as lower-case hexadecimal.
public enum SHA256Digest {
    public static func hex(of bytes: some DataProtocol) -> String {
        ContentKey.Builder.hex(SHA256.hash(data: bytes))
    }

    /// Streams the file through a 1 MiB buffer, so a 2-hour recording is never held in memory.
    /// Plain `read(2)` into that buffer, not `FileHandle`: a fresh `Data` per block cost page
    /// faults and copies that made hashing a tenth of a GTZAN-like build (`bench features`).
    ///
    /// The buffers are lent from a pool and never freed. A fresh 1 MiB allocation per file, freed
    /// after, took glibc's heap a little further on each file when small allocations that lived on
    /// (a probed source's strings) were placed in the freed space between two of them: probing a
    /// million files on one thread grew by about 6 KB per file, 6 GB in all (docs/build.md, "Memory").
    public static func hex(ofFile path: String) throws(FileError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        let digest: Result<String, FileError> = buffers.borrow(make: { HashBuffer() }) { (buffer: HashBuffer) in
            Self.digest(descriptor, path: path, through: buffer)
        }
        return try digest.get()
    }

    private static func digest(
        _ descriptor: Int32, path: String, through buffer: HashBuffer
    ) -> Result<String, FileError> {
        var hasher = SHA256()
        while true {
            let count = read(descriptor, buffer.bytes.baseAddress, buffer.bytes.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileError(path: path, operation: "read", code: errno))
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
        }
        return .success(ContentKey.Builder.hex(hasher.finalize()))
    }

    private static let buffers = LendingPool<HashBuffer>()

    /// A read buffer that lives as long as the process, one per thread hashing at once.
    private final class HashBuffer {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    }
}

/// Ids that follow from names alone, so a clip or source keeps its id across builds and
/// machines whatever else is added: the first 63 bits of SHA-256, positive as an SQLite and
/// safetensors int64.
public enum StableID {
    public static func of(_ parts: String...) -> Int64 {
        var builder = ContentKey.Builder()
        for part in parts { builder.add("", part) }
        let value = builder.digest().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: value >> 1)
    }
}
