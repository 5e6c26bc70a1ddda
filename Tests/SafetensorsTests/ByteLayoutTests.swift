import Safetensors
import Testing

@Suite struct ByteLayoutTests {
    /// Three tensors of three widths, given in an order that is neither by name nor by width.
    let tensors: [SafetensorsTensor] = [
        .uint8("b", shape: [3], values: [1, 2, 3]),
        .float32("a", shape: [1], values: [1.0]),
        .int64("c", shape: [1], values: [-1]),
    ]

    @Test func aTinyFileHasExactlyTheseBytes() throws {
        let bytes = try SafetensorsEncoder.encode(tensors, metadata: ["k": "v"])
        // Keys sorted byte-wise ("__metadata__" sorts before lowercase letters), compact, inner
        // keys sorted too; data laid out widest first: c (I64) at 0, a (F32) at 8, b (U8) at 12.
        let json =
            #"{"__metadata__":{"k":"v"},"a":{"data_offsets":[8,12],"dtype":"F32","shape":[1]},"#
            + #""b":{"data_offsets":[12,15],"dtype":"U8","shape":[3]},"c":{"data_offsets":[0,8],"dtype":"I64","shape":[1]}}"#
        #expect(json.utf8.count == 187)
        let header = Array(json.utf8) + Array(repeating: 0x20, count: 5)  // 187 + 5 = 192, a multiple of 8
        let expected: [UInt8] =
            [0xC0, 0, 0, 0, 0, 0, 0, 0]  // 192, little-endian u64
            + header
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  // c = -1
            + [0x00, 0x00, 0x80, 0x3F]  // a = 1.0f
            + [1, 2, 3]  // b
        #expect(bytes == expected)
        #expect(bytes.count == 215)
    }

    @Test func dataStartsEightByteAlignedForEveryHeaderLength() throws {
        // Growing a name one character at a time walks the header length through every residue mod 8.
        for length in 1...16 {
            let bytes = try SafetensorsEncoder.encode(
                [.int64(String(repeating: "n", count: length), shape: [1], values: [7])], metadata: [:])
            let file = try SafetensorsFile(bytes: bytes, path: "aligned")
            #expect(file.header.dataStart % 8 == 0)
            // Compact JSON ending in '}', then fewer than 8 spaces of padding.
            let header = Array(bytes[8..<file.header.dataStart])
            let padding = header.reversed().prefix { $0 == 0x20 }.count
            #expect(padding < 8)
            #expect(header[header.count - padding - 1] == UInt8(ascii: "}"))
        }
    }

    @Test func sameContentGivesIdenticalBytesWhateverTheOrder() throws {
        var metadataA: [String: String] = [:]
        for i in 0..<20 { metadataA["key\(i)"] = "value \(i)" }
        var metadataB: [String: String] = [:]
        for i in (0..<20).reversed() { metadataB["key\(i)"] = "value \(i)" }
        let first = try SafetensorsEncoder.encode(tensors, metadata: metadataA)
        let second = try SafetensorsEncoder.encode(tensors.reversed(), metadata: metadataB)
        let third = try SafetensorsEncoder.encode([tensors[1], tensors[2], tensors[0]], metadata: metadataA)
        #expect(first == second)
        #expect(first == third)
    }

    @Test func equallyWideTypesFollowTheOfficialWritersOrder() throws {
        // The official writer orders by its dtype enum (descending), not by name, among equal widths.
        let tensors: [SafetensorsTensor] = [
            .init(name: "a", dtype: .f64, shape: [1], bytes: Array(repeating: 0, count: 8)),
            .init(name: "b", dtype: .i64, shape: [1], bytes: Array(repeating: 0, count: 8)),
            .init(name: "c", dtype: .u64, shape: [1], bytes: Array(repeating: 0, count: 8)),
            .init(name: "d", dtype: .f32, shape: [1], bytes: Array(repeating: 0, count: 4)),
            .init(name: "e", dtype: .i32, shape: [1], bytes: Array(repeating: 0, count: 4)),
            .init(name: "f", dtype: .u32, shape: [1], bytes: Array(repeating: 0, count: 4)),
            .init(name: "g", dtype: .f16, shape: [1], bytes: Array(repeating: 0, count: 2)),
            .init(name: "h", dtype: .bf16, shape: [1], bytes: Array(repeating: 0, count: 2)),
            .init(name: "i", dtype: .i16, shape: [1], bytes: Array(repeating: 0, count: 2)),
            .init(name: "j", dtype: .u16, shape: [1], bytes: Array(repeating: 0, count: 2)),
            .init(name: "k", dtype: .u8, shape: [1], bytes: [0]),
            .init(name: "l", dtype: .i8, shape: [1], bytes: [0]),
            .init(name: "m", dtype: .bool, shape: [1], bytes: [1]),
            .init(name: "n", dtype: .u8, shape: [1], bytes: [0]),
        ]
        let header = try SafetensorsFile(bytes: SafetensorsEncoder.encode(tensors, metadata: [:]), path: "order").header
        let order = header.entries.sorted { $0.dataOffsets.lowerBound < $1.dataOffsets.lowerBound }.map(\.name)
        #expect(order == ["c", "b", "a", "d", "f", "e", "h", "g", "j", "i", "l", "k", "n", "m"])
        for entry in header.entries { #expect(entry.dataOffsets.lowerBound % entry.dtype.byteWidth == 0) }
    }

    @Test func namesAndMetadataAreEscapedAsJSON() throws {
        let bytes = try SafetensorsEncoder.encode(
            [.uint8("tab\there \"q\" é", shape: [0], values: [])], metadata: ["\u{1}": "\\/"])
        let length = Int(bytes[0])  // < 256 here
        let json = String(decoding: bytes[8..<(8 + length)], as: UTF8.self).trimmingSuffixSpaces
        #expect(
            json
                == #"{"__metadata__":{"\u0001":"\\/"},"tab\there \"q\" é":{"data_offsets":[0,0],"dtype":"U8","shape":[0]}}"#
        )
    }

    @Test func byteWidthsAreTheFormats() {
        let widths = Dictionary(uniqueKeysWithValues: SafetensorsDType.allCases.map { ($0.rawValue, $0.byteWidth) })
        #expect(
            widths == [
                "BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
                "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
            ])
    }
}

private extension String {
    var trimmingSuffixSpaces: String {
        String(self[..<(lastIndex { $0 != " " }.map { index(after: $0) } ?? startIndex)])
    }
}
