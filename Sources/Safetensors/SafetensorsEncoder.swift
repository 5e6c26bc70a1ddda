/// Writes tensors and metadata in the safetensors format.
public enum SafetensorsEncoder {
    /// The bytes of a safetensors file holding `tensors` and `metadata`.
    ///
    /// Deterministic: the same tensors and metadata, in any order, give identical bytes, so a
    /// shard's checksum depends only on its contents. The header is compact JSON with keys in
    /// byte-wise UTF-8 order and only integers as numbers, padded with spaces so the data
    /// starts 8-byte aligned, as the official writer does. Tensors are laid out widest
    /// type first (in the official writer's order), then by name, so each starts aligned
    /// for its type when the file is memory-mapped.
    ///
    /// Throws, with an empty `path`, rather than write what the reader would refuse:
    /// `.invalidTensor` for a tensor whose bytes do not fit its shape, a duplicate name or the
    /// reserved name `__metadata__`, and `.headerTooLarge` for a header over 100 MB.
    public static func encode(
        _ tensors: [SafetensorsTensor], metadata: [String: String]
    ) throws(SafetensorsError) -> [UInt8] {
        let layout = try self.layout(
            tensors.map { SafetensorsLayout.Entry(name: $0.name, dtype: $0.dtype, shape: $0.shape) }, metadata: metadata
        )
        try validate(tensors)
        var file: [UInt8] = []
        file.reserveCapacity(layout.fileSize)
        file += layout.prefix
        for entry in layout.entries { file += tensors.first { $0.name == entry.name }!.bytes }
        return file
    }

    /// Where each tensor of a file will sit, before any data exists: for writers that fill a
    /// large tensor piece by piece on disk instead of holding it in memory. Writing `prefix` at
    /// offset 0 and each tensor's bytes at its `range` gives exactly the bytes of `encode`.
    public static func layout(
        _ entries: [SafetensorsLayout.Entry], metadata: [String: String]
    ) throws(SafetensorsError) -> SafetensorsLayout {
        var names: Set<String> = []
        for entry in entries {
            func invalid(_ problem: String) -> SafetensorsError {
                SafetensorsError(path: "", reason: .invalidTensor(name: entry.name, problem: problem))
            }
            guard entry.name != SafetensorsHeader.metadataKey else {
                throw invalid("the name is reserved for the file's metadata")
            }
            guard names.insert(entry.name).inserted else { throw invalid("another tensor has the same name") }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw invalid("shape \(entry.shape) has a negative dimension")
            }
            guard entry.dtype.byteCount(of: entry.shape) != nil else {
                throw invalid("shape \(entry.shape) of \(entry.dtype.rawValue) needs more bytes than can be addressed")
            }
        }
        let ordered = entries.sorted { a, b in
            a.dtype.layoutRank != b.dtype.layoutRank
                ? a.dtype.layoutRank > b.dtype.layoutRank : a.name.precedesInUTF8(b.name)
        }

        var members: [(key: String, json: String)] = []
        var dataRanges: [Range<Int>] = []
        var offset = 0
        for entry in ordered {
            let end = offset + entry.dtype.byteCount(of: entry.shape)!
            let shape = entry.shape.map(String.init).joined(separator: ",")
            members.append(
                (
                    entry.name,
                    #"{"data_offsets":[\#(offset),\#(end)],"dtype":"\#(entry.dtype.rawValue)","shape":[\#(shape)]}"#
                ))
            dataRanges.append(offset..<end)
            offset = end
        }
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.precedesInUTF8($1.key) }.map {
                "\($0.key.jsonQuoted):\($0.value.jsonQuoted)"
            }
            members.append((SafetensorsHeader.metadataKey, "{" + pairs.joined(separator: ",") + "}"))
        }
        members.sort { $0.key.precedesInUTF8($1.key) }
        var header = Array(("{" + members.map { "\($0.key.jsonQuoted):\($0.json)" }.joined(separator: ",") + "}").utf8)
        // The 8-byte length prefix is itself aligned, so padding the header to a multiple of 8
        // aligns the data buffer.
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        guard header.count <= SafetensorsHeader.maximumLength else {
            throw SafetensorsError(
                path: "", reason: .headerTooLarge(declared: UInt64(header.count), fileSize: 8 + header.count + offset))
        }
        let prefix = LittleEndian.bytes(of: [UInt64(header.count)]) + header
        return SafetensorsLayout(
            prefix: prefix, entries: ordered,
            ranges: dataRanges.map { (prefix.count + $0.lowerBound)..<(prefix.count + $0.upperBound) })
    }

    /// Names and shapes are checked by `layout`; what is left is that each tensor's bytes fit its shape.
    private static func validate(_ tensors: [SafetensorsTensor]) throws(SafetensorsError) {
        for tensor in tensors {
            let byteCount = tensor.dtype.byteCount(of: tensor.shape)!
            guard byteCount == tensor.bytes.count else {
                throw SafetensorsError(
                    path: "",
                    reason: .invalidTensor(
                        name: tensor.name,
                        problem:
                            "shape \(tensor.shape) of \(tensor.dtype.rawValue) needs \(byteCount) bytes, but it has \(tensor.bytes.count)"
                    ))
            }
        }
    }
}
