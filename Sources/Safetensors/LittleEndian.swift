/// Conversions between arrays of numbers and the little-endian bytes safetensors stores.
///
/// On little-endian hosts (every platform Swift ships on today) these are plain copies; the
/// byte swaps keep the code right on a big-endian host without a separate path.
enum LittleEndian {
    /// The bytes of `values`, least significant byte first.
    static func bytes<T: FixedWidthInteger>(of values: [T]) -> [UInt8] {
        #if _endian(little)
            return values.withUnsafeBytes { Array($0) }
        #else
            return values.map(\.littleEndian).withUnsafeBytes { Array($0) }
        #endif
    }

    /// The numbers stored in `bytes`; a final partial element, which validated files never have, is ignored.
    static func values<T: FixedWidthInteger>(of bytes: ArraySlice<UInt8>, as type: T.Type = T.self) -> [T] {
        let width = MemoryLayout<T>.size
        let count = bytes.count / width
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Copy into the (aligned) result instead of loading in place: the source bytes
            // have no alignment guarantee.
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[..<(count * width)]))
            }
            for i in 0..<count { buffer[i] = T(littleEndian: buffer[i]) }
            initialized = count
        }
    }
}
