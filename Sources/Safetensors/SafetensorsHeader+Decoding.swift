/// Decoding and validating a header read from an untrusted file.
///
/// The rules are the official implementation's: the header is a JSON object, each tensor's
/// byte range matches its shape, and the ranges, sorted, tile the data buffer from its first
/// byte to its last. So whatever passes here also loads with `safetensors.numpy.load_file`.
/// We refuse slightly more: element types we do not support, and duplicate JSON keys, which
/// would make a tensor name ambiguous.
extension SafetensorsHeader {
    /// The key that holds string metadata rather than a tensor.
    static let metadataKey = "__metadata__"

    /// The official implementation refuses longer headers; one this long is corrupt or hostile,
    /// and the limit bounds what a reader allocates before it has validated anything.
    static let maximumLength = 100_000_000

    /// The header length stored in the first 8 bytes, checked against the file's size.
    static func declaredLength(prefix: ArraySlice<UInt8>, fileSize: Int, path: String) throws(SafetensorsError) -> Int {
        guard fileSize >= 8, prefix.count >= 8 else {
            throw SafetensorsError(path: path, reason: .tooShort(size: fileSize))
        }
        let declared = LittleEndian.values(of: prefix.prefix(8), as: UInt64.self)[0]
        // Compare as UInt64: converting a hostile length to Int first could trap.
        guard declared <= UInt64(maximumLength), declared <= UInt64(fileSize - 8) else {
            throw SafetensorsError(path: path, reason: .headerTooLarge(declared: declared, fileSize: fileSize))
        }
        return Int(declared)
    }

    /// Decodes the JSON header `json` of a file whose data buffer starts at `dataStart` and
    /// holds `dataSize` bytes, and checks every entry against that buffer.
    init(json: ArraySlice<UInt8>, dataStart: Int, dataSize: Int, path: String) throws(SafetensorsError) {
        func fail(_ reason: SafetensorsError.Reason) -> SafetensorsError {
            SafetensorsError(path: path, reason: reason)
        }

        // The official reader checks the first byte before parsing, and so do we: it turns
        // "this is not a safetensors file at all" into a clear message.
        guard json.first == UInt8(ascii: "{") else { throw fail(.headerNotJSON("it does not start with '{'")) }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(json)
        } catch {
            throw fail(.headerNotJSON("\(error.message) at byte \(error.offset)"))
        }
        guard case .object(let members) = parsed else { throw fail(.headerNotJSON("it is \(parsed.kind)")) }

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        // In name order, so that of several bad entries the same one is reported on every run
        // (dictionary order varies from process to process).
        for (name, value) in members.sorted(by: { $0.key.precedesInUTF8($1.key) }) {
            if name == Self.metadataKey {
                metadata = try Self.decodeMetadata(value, path: path)
            } else {
                entries.append(try Self.decodeEntry(name: name, value, path: path))
            }
        }

        // Walk the tensors in data order: each must start where the previous one ended.
        // Ties (empty tensors share an offset) are broken by name so the error reported is
        // the same on every run.
        let inDataOrder = entries.sorted { a, b in
            if a.dataOffsets.lowerBound != b.dataOffsets.lowerBound {
                return a.dataOffsets.lowerBound < b.dataOffsets.lowerBound
            }
            if a.dataOffsets.upperBound != b.dataOffsets.upperBound {
                return a.dataOffsets.upperBound < b.dataOffsets.upperBound
            }
            return a.name.precedesInUTF8(b.name)
        }
        var end = 0
        for entry in inDataOrder {
            guard entry.dataOffsets.upperBound <= dataSize else {
                throw fail(.offsetsOutOfBounds(name: entry.name, end: entry.dataOffsets.upperBound, dataSize: dataSize))
            }
            guard entry.dataOffsets.lowerBound == end else { throw fail(.offsetsNotContiguous(name: entry.name)) }
            end = entry.dataOffsets.upperBound
        }
        guard end == dataSize else { throw fail(.trailingBytes(dataSize - end)) }

        self.init(metadata: metadata, entries: entries, dataStart: dataStart)
    }

    private static func decodeMetadata(_ value: JSONValue, path: String) throws(SafetensorsError) -> [String: String] {
        func bad(_ problem: String) -> SafetensorsError {
            SafetensorsError(path: path, reason: .badEntry(name: metadataKey, problem: problem))
        }
        switch value {
        case .null:
            return [:]  // the official reader accepts null as "no metadata"
        case .object(let object):
            var metadata: [String: String] = [:]
            for (key, value) in object.sorted(by: { $0.key.precedesInUTF8($1.key) }) {
                guard case .string(let string) = value else {
                    throw bad("the value of \(String(reflecting: key)) is \(value.kind), expected a string")
                }
                metadata[key] = string
            }
            return metadata
        default:
            throw bad("it is \(value.kind), expected an object of strings")
        }
    }

    private static func decodeEntry(name: String, _ value: JSONValue, path: String) throws(SafetensorsError) -> Entry {
        func bad(_ problem: String) -> SafetensorsError {
            SafetensorsError(path: path, reason: .badEntry(name: name, problem: problem))
        }
        // Unknown extra keys are ignored, as the official reader does, so files from newer
        // writers still load.
        guard case .object(let fields) = value else {
            throw bad("it is \(value.kind), expected an object with dtype, shape and data_offsets")
        }
        guard case .string(let dtypeName)? = fields["dtype"] else { throw bad("dtype is missing or not a string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw bad("unknown or unsupported dtype \(String(reflecting: dtypeName))")
        }
        guard case .array(let dimensions)? = fields["shape"] else { throw bad("shape is missing or not a list") }
        let shape = dimensions.compactMap(\.nonNegativeInt)
        guard shape.count == dimensions.count else { throw bad("shape must hold non-negative integers") }
        guard case .array(let offsetValues)? = fields["data_offsets"], offsetValues.count == 2,
            let begin = offsetValues[0].nonNegativeInt, let end = offsetValues[1].nonNegativeInt
        else { throw bad("data_offsets must be a list of two non-negative integers") }
        guard begin <= end else { throw bad("data_offsets [\(begin), \(end)] end before they begin") }
        // A hostile shape can claim more bytes than an Int holds; `byteCount` refuses to overflow.
        guard let byteCount = dtype.byteCount(of: shape) else {
            throw bad("shape \(shape) of \(dtype.rawValue) needs more bytes than can be addressed")
        }
        guard byteCount == end - begin else {
            throw bad(
                "shape \(shape) of \(dtype.rawValue) needs \(byteCount) bytes, but data_offsets [\(begin), \(end)] hold \(end - begin)"
            )
        }
        return Entry(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }
}
