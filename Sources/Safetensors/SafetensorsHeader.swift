/// What a safetensors file's JSON header says: each tensor's type, shape and byte range,
/// and the file's string metadata.
///
/// Values of this type that come from `SafetensorsFile` have been validated against the
/// file: every entry's byte range fits its shape and lies inside the data buffer, and the
/// ranges tile the buffer without gaps or overlaps.
public struct SafetensorsHeader: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        /// Byte range relative to the start of the data buffer (`dataStart`), not of the file.
        public var dataOffsets: Range<Int>

        public init(name: String, dtype: SafetensorsDType, shape: [Int], dataOffsets: Range<Int>) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.dataOffsets = dataOffsets
        }
    }

    /// The `__metadata__` object; empty when the file has none.
    public var metadata: [String: String]
    /// Every tensor, sorted by name (byte-wise UTF-8 order).
    public var entries: [Entry]
    /// Where the data buffer starts in the file: 8 + the header length.
    public var dataStart: Int

    public init(metadata: [String: String], entries: [Entry], dataStart: Int) {
        self.metadata = metadata
        self.entries = entries
        self.dataStart = dataStart
    }

    /// The entry named `name`, if there is one.
    public func entry(_ name: String) -> Entry? {
        entries.first { $0.name == name }
    }
}
