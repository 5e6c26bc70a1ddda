import Foundation
import Safetensors
import TestSupport
import Testing

@Suite struct RoundTripTests {
    let directory = TemporaryDirectory("safetensors")

    @Test func everyHelperDTypeSurvivesAFileOnDisk() throws {
        let features: [Float] = (0..<(3 * 5 * 7)).map { sin(Float($0) * 0.37) * 100 }
        let spectra: [Float] = [0, -0, 1.5, -3.25e-20, .greatestFiniteMagnitude, -.infinity, 7e12, 0x1p-149]
        let tensors: [SafetensorsTensor] = [
            .float16("features", shape: [3, 5, 7], values: features),
            .float32("spectra", shape: [2, 1, 4], values: spectra),
            .int32("labels", shape: [5], values: [0, 9, -1, .min, .max]),
            .int64("clip_ids", shape: [3], values: [.min, 0, .max]),
            .uint8("onehot", shape: [3, 1, 3], values: [0, 1, 255, 2, 3, 4, 128, 127, 9]),
        ]
        let metadata = [
            "quote": #"say "hi" \ back\slash"#,
            "unicode": "Ünïcødé — ♫ 🎷 日本語",
            "controls": "tab\tnewline\ncr\r nul\u{0} bell\u{7} del\u{7F}",
            "": "empty key",
            "line separator": "\u{2028}\u{2029}",
        ]
        let path = directory.file("round-trip.safetensors")
        try Data(SafetensorsEncoder.encode(tensors, metadata: metadata)).write(to: URL(fileURLWithPath: path))

        let file = try SafetensorsFile(path: path)
        #expect(file.path == path)
        #expect(file.header.metadata == metadata)
        #expect(file.header.entries.map(\.name) == ["clip_ids", "features", "labels", "onehot", "spectra"])
        for tensor in tensors { #expect(try file.tensor(tensor.name) == tensor) }
        #expect(try file.floats("features") == features.map { Float(Float16($0)) })
        #expect(try file.floats("spectra").map(\.bitPattern) == spectra.map(\.bitPattern))
        #expect(try file.int32s("labels") == [0, 9, -1, .min, .max])
        #expect(try file.int64s("clip_ids") == [.min, 0, .max])
        #expect(try file.uint8s("onehot") == [0, 1, 255, 2, 3, 4, 128, 127, 9])
        #expect(try SafetensorsFile.readHeader(path: path) == file.header)
    }

    @Test func emptyAndScalarTensorsRoundTrip() throws {
        let tensors: [SafetensorsTensor] = [
            .float32("no_clips", shape: [0, 4], values: []),
            .float16("no_rows", shape: [4, 0, 2], values: []),
            .int64("no_ids", shape: [0], values: []),
            .int32("scalar", shape: [], values: [42]),
        ]
        let file = try SafetensorsFile(bytes: SafetensorsEncoder.encode(tensors, metadata: [:]), path: "empty")
        for tensor in tensors { #expect(try file.tensor(tensor.name) == tensor) }
        #expect(try file.floats("no_clips") == [])
        #expect(try file.floats("no_rows") == [])
        #expect(try file.int64s("no_ids") == [])
        #expect(try file.int32s("scalar") == [42])
        #expect(file.header.entry("no_clips")?.shape == [0, 4])
        #expect(file.header.metadata == [:])
    }

    @Test func aFileWithNoTensorsRoundTrips() throws {
        let bytes = try SafetensorsEncoder.encode([], metadata: ["only": "metadata"])
        let file = try SafetensorsFile(bytes: bytes, path: "none")
        #expect(file.header.entries == [])
        #expect(file.header.metadata == ["only": "metadata"])
        #expect(file.header.dataStart == bytes.count)
        #expect(
            try SafetensorsFile(bytes: SafetensorsEncoder.encode([], metadata: [:]), path: "none").header.entries == [])
    }

    @Test func headerEntriesDescribeTheLayout() throws {
        let file = try SafetensorsFile(bytes: Fixtures.shard, path: "shard")
        #expect(file.header.dataStart % 8 == 0)
        #expect(file.header.entry("clip_ids") == .init(name: "clip_ids", dtype: .i64, shape: [2], dataOffsets: 0..<16))
        #expect(file.header.entry("labels") == .init(name: "labels", dtype: .i32, shape: [2], dataOffsets: 16..<24))
        #expect(
            file.header.entry("features")
                == .init(name: "features", dtype: .f16, shape: [2, 3, 4], dataOffsets: 24..<72))
        #expect(file.header.entry("onehot") == .init(name: "onehot", dtype: .u8, shape: [2, 3], dataOffsets: 72..<78))
        #expect(file.header.entry("missing") == nil)
    }

    @Test func accessorsRefuseOtherDTypesAndMissingNames() throws {
        let file = try SafetensorsFile(bytes: Fixtures.shard, path: "shard.safetensors")
        #expect(
            throws: SafetensorsError(
                path: "shard.safetensors", reason: .wrongDType(name: "labels", expected: "F16 or F32", actual: "I32"))
        ) {
            try file.floats("labels")
        }
        #expect(
            throws: SafetensorsError(
                path: "shard.safetensors", reason: .wrongDType(name: "features", expected: "I32", actual: "F16"))
        ) {
            try file.int32s("features")
        }
        #expect(
            throws: SafetensorsError(
                path: "shard.safetensors", reason: .wrongDType(name: "labels", expected: "I64", actual: "I32"))
        ) {
            try file.int64s("labels")
        }
        #expect(
            throws: SafetensorsError(
                path: "shard.safetensors", reason: .wrongDType(name: "clip_ids", expected: "U8", actual: "I64"))
        ) {
            try file.uint8s("clip_ids")
        }
        #expect(throws: SafetensorsError(path: "shard.safetensors", reason: .noSuchTensor("label"))) {
            try file.tensor("label")
        }
        #expect(throws: SafetensorsError(path: "shard.safetensors", reason: .noSuchTensor("__metadata__"))) {
            try file.floats("__metadata__")
        }
    }

    @Test func encoderRefusesTensorsItCouldNotWriteValidly() {
        func reason(_ tensors: [SafetensorsTensor]) -> SafetensorsError.Reason? {
            do { _ = try SafetensorsEncoder.encode(tensors, metadata: [:]); return nil } catch { return error.reason }
        }
        #expect(
            reason([.int32("a", shape: [1], values: [1]), .float32("a", shape: [1], values: [1])])
                == .invalidTensor(name: "a", problem: "another tensor has the same name"))
        #expect(
            reason([.float32("x", shape: [2, 2], values: [1, 2, 3])])
                == .invalidTensor(name: "x", problem: "shape [2, 2] of F32 needs 16 bytes, but it has 12"))
        #expect(
            reason([.uint8("__metadata__", shape: [1], values: [1])])
                == .invalidTensor(name: "__metadata__", problem: "the name is reserved for the file's metadata"))
        #expect(
            reason([.uint8("neg", shape: [-1], values: [])])
                == .invalidTensor(name: "neg", problem: "shape [-1] has a negative dimension"))
        #expect(
            reason([.int64("huge", shape: [1 << 61, 4], values: [])])
                == .invalidTensor(
                    name: "huge",
                    problem: "shape [2305843009213693952, 4] of I64 needs more bytes than can be addressed"))
    }

    @Test func errorsDescribeThemselvesWithThePath() {
        #expect(
            SafetensorsError(path: "a.safetensors", reason: .trailingBytes(3)).description
                == "a.safetensors: not a valid safetensors file: 3 bytes after the last tensor belong to no tensor")
        #expect(
            SafetensorsError(
                path: "a.safetensors", reason: .badEntry(name: "x\n", problem: "unknown or unsupported dtype \"Q4\"")
            ).description
                == #"a.safetensors: not a valid safetensors file: header entry "x\n": unknown or unsupported dtype "Q4""#
        )
        #expect(
            SafetensorsError(path: "a.safetensors", reason: .noSuchTensor("labels")).description
                == #"a.safetensors: no tensor named "labels""#)
        #expect(
            SafetensorsError(path: "a.safetensors", reason: .wrongDType(name: "labels", expected: "I32", actual: "U8"))
                .description
                == #"a.safetensors: tensor "labels" holds U8, expected I32"#)
        #expect(
            SafetensorsError(path: "", reason: .invalidTensor(name: "x", problem: "another tensor has the same name"))
                .description
                == #"cannot write tensor "x": another tensor has the same name"#)
    }
}
