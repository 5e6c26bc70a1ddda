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
    public static func encode(_ tensors: [SafetensorsTensor], metadata: [String: String]) throws(SafetensorsError) -> [UInt8] {
        try validate(tensors)
        let layout = tensors.sorted { a, b in
            a.dtype.layoutRank != b.dtype.layoutRank ? a.dtype.layoutRank > b.dtype.layoutRank : a.name.precedesInUTF8(b.name)
        }

        var members: [(key: String, json: String)] = []
        var offset = 0
        for tensor in layout {
            let end = offset + tensor.bytes.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            members.append((tensor.name, #"{"data_offsets":[\#(offset),\#(end)],"dtype":"\#(tensor.dtype.rawValue)","shape":[\#(shape)]}"#))
            offset = end
        }
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.precedesInUTF8($1.key) }.map { "\($0.key.jsonQuoted):\($0.value.jsonQuoted)" }
            members.append((SafetensorsHeader.metadataKey, "{" + pairs.joined(separator: ",") + "}"))
        }
        members.sort { $0.key.precedesInUTF8($1.key) }
        var header = Array(("{" + members.map { "\($0.key.jsonQuoted):\($0.json)" }.joined(separator: ",") + "}").utf8)
        // The 8-byte length prefix is itself aligned, so padding the header to a multiple of 8
        // aligns the data buffer.
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        guard header.count <= SafetensorsHeader.maximumLength else {
            throw SafetensorsError(path: "", reason: .headerTooLarge(declared: UInt64(header.count), fileSize: 8 + header.count + offset))
        }

        var file: [UInt8] = []
        file.reserveCapacity(8 + header.count + offset)
        file += LittleEndian.bytes(of: [UInt64(header.count)])
        file += header
        for tensor in layout { file += tensor.bytes }
        return file
    }

    private static func validate(_ tensors: [SafetensorsTensor]) throws(SafetensorsError) {
        func invalid(_ tensor: SafetensorsTensor, _ problem: String) -> SafetensorsError {
            SafetensorsError(path: "", reason: .invalidTensor(name: tensor.name, problem: problem))
        }
        var names: Set<String> = []
        for tensor in tensors {
            guard tensor.name != SafetensorsHeader.metadataKey else {
                throw invalid(tensor, "the name is reserved for the file's metadata")
            }
            guard names.insert(tensor.name).inserted else { throw invalid(tensor, "another tensor has the same name") }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else { throw invalid(tensor, "shape \(tensor.shape) has a negative dimension") }
            guard let byteCount = tensor.dtype.byteCount(of: tensor.shape) else {
                throw invalid(tensor, "shape \(tensor.shape) of \(tensor.dtype.rawValue) needs more bytes than can be addressed")
            }
            guard byteCount == tensor.bytes.count else {
                throw invalid(tensor, "shape \(tensor.shape) of \(tensor.dtype.rawValue) needs \(byteCount) bytes, but it has \(tensor.bytes.count)")
            }
        }
    }
}
