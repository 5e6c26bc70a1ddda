import Safetensors

/// Files and tensors the tests build on.
enum Fixtures {
    /// A small shard shaped like melshard's: features, labels, clip ids, one-hot labels, metadata.
    static let shardTensors: [SafetensorsTensor] = [
        .float16("features", shape: [2, 3, 4], values: (0..<24).map { Float($0) / 4 - 2.5 }),
        .int32("labels", shape: [2], values: [3, -1]),
        .int64("clip_ids", shape: [2], values: [1_234_567_890_123, -7]),
        .uint8("onehot", shape: [2, 3], values: [0, 1, 0, 1, 0, 0]),
    ]
    static let shardMetadata = ["preset": "gtzan", "sample_rate": "22050"]

    static var shard: [UInt8] { try! SafetensorsEncoder.encode(shardTensors, metadata: shardMetadata) }

    /// A file with `header` as its JSON text (unpadded) and `data` as its buffer. `declaredLength`
    /// overrides the length prefix, to lie about the header's size.
    static func file(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        return littleEndian(declaredLength ?? UInt64(json.count)) + json + data
    }

    static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The reason `bytes` is rejected, or nil if it is accepted.
    static func rejection(of bytes: [UInt8]) -> SafetensorsError.Reason? {
        do {
            _ = try SafetensorsFile(bytes: bytes, path: "crafted.safetensors")
            return nil
        } catch {
            return error.reason
        }
    }
}

/// SplitMix64: a tiny seeded generator, so the fuzz test explores the same inputs on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
