/// The byte layout of a safetensors file: its length-prefixed header, and where in the file
/// each tensor's data goes (see `SafetensorsEncoder.layout`).
public struct SafetensorsLayout: Sendable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]

        public init(name: String, dtype: SafetensorsDType, shape: [Int]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
        }
    }

    /// The 8-byte header length, then the header: the file's first bytes.
    public let prefix: [UInt8]
    /// In file order.
    public let entries: [Entry]
    /// Absolute file offsets, parallel to `entries`.
    public let ranges: [Range<Int>]

    public var fileSize: Int { ranges.last?.upperBound ?? prefix.count }

    /// The absolute byte range of the named tensor's data.
    public func range(of name: String) -> Range<Int>? {
        entries.firstIndex { $0.name == name }.map { ranges[$0] }
    }
}
