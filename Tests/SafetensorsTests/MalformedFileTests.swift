import Foundation
import Safetensors
import TestSupport
import Testing

/// Every way a shared file can be broken is refused with a reason that says what is wrong,
/// and none of them crashes the reader.
@Suite struct MalformedFileTests {
    let directory = TemporaryDirectory("safetensors-malformed")

    /// `{"x": {...}}` with one tensor entry.
    static func single(_ dtype: String, _ shape: String, _ offsets: String) -> String {
        #"{"x":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}}"#
    }

    func rejection(_ header: String, data: [UInt8] = []) -> SafetensorsError.Reason? {
        Fixtures.rejection(of: Fixtures.file(header: header, data: data))
    }

    // MARK: Files that cannot be read

    @Test func missingFilesAndDirectoriesCannotBeRead() {
        let missing = directory.file("missing.safetensors")
        #expect(throws: SafetensorsError(path: missing, reason: .unreadable("No such file or directory"))) {
            try SafetensorsFile(path: missing)
        }
        #expect(throws: SafetensorsError(path: missing, reason: .unreadable("No such file or directory"))) {
            try SafetensorsFile.readHeader(path: missing)
        }
        let notAFile = SafetensorsError(path: directory.path, reason: .unreadable("not a regular file"))
        #expect(throws: notAFile) { try SafetensorsFile(path: directory.path) }
        #expect(throws: notAFile) { try SafetensorsFile.readHeader(path: directory.path) }
    }

    // MARK: Truncation and the length prefix

    @Test func truncatedFilesAreRejectedWhereverTheyAreCut() throws {
        let valid = Fixtures.shard
        let dataStart = try SafetensorsFile(bytes: valid, path: "valid").header.dataStart
        let headerLength = UInt64(dataStart - 8)
        let expectations: [(cut: Int, reason: SafetensorsError.Reason)] = [
            (0, .tooShort(size: 0)),
            (1, .tooShort(size: 1)),
            (7, .tooShort(size: 7)),
            (8, .headerTooLarge(declared: headerLength, fileSize: 8)),
            (9, .headerTooLarge(declared: headerLength, fileSize: 9)),
            (dataStart - 1, .headerTooLarge(declared: headerLength, fileSize: dataStart - 1)),
            // Data order: clip_ids [0, 16), labels [16, 24), features [24, 72), onehot [72, 78).
            (dataStart, .offsetsOutOfBounds(name: "clip_ids", end: 16, dataSize: 0)),
            (dataStart + 20, .offsetsOutOfBounds(name: "labels", end: 24, dataSize: 20)),
            (dataStart + 71, .offsetsOutOfBounds(name: "features", end: 72, dataSize: 71)),
            (dataStart + 77, .offsetsOutOfBounds(name: "onehot", end: 78, dataSize: 77)),
        ]
        #expect(valid.count == dataStart + 78)
        for (cut, reason) in expectations {
            let truncated = Array(valid.prefix(cut))
            #expect(Fixtures.rejection(of: truncated) == reason, "cut at \(cut)")
            // `readHeader` reads only the header, yet still notices the missing data.
            let path = directory.file("cut-\(cut).safetensors")
            try Data(truncated).write(to: URL(fileURLWithPath: path))
            #expect(throws: SafetensorsError(path: path, reason: reason)) { try SafetensorsFile.readHeader(path: path) }
            #expect(throws: SafetensorsError(path: path, reason: reason)) { try SafetensorsFile(path: path) }
        }
    }

    @Test func aHeaderLengthPastTheEndOfTheFileIsRejected() {
        #expect(
            Fixtures.rejection(of: Fixtures.file(header: "{}", declaredLength: 100))
                == .headerTooLarge(declared: 100, fileSize: 10))
        #expect(
            Fixtures.rejection(of: Fixtures.file(header: "{}", declaredLength: 3))
                == .headerTooLarge(declared: 3, fileSize: 10))
        // Lengths that do not fit in an Int must not trap on conversion.
        #expect(
            Fixtures.rejection(of: Fixtures.file(header: "{}", declaredLength: .max))
                == .headerTooLarge(declared: .max, fileSize: 10))
        #expect(
            Fixtures.rejection(of: Fixtures.file(header: "{}", declaredLength: 1 << 63))
                == .headerTooLarge(declared: 1 << 63, fileSize: 10))
    }

    @Test func aHeaderOverOneHundredMegabytesIsRejectedEvenIfTheFileIsThatLong() {
        let length = 100_000_001
        let bytes = Fixtures.littleEndian(UInt64(length)) + [0x7B, 0x7D] + Array(repeating: 0x20, count: length - 2)
        #expect(Fixtures.rejection(of: bytes) == .headerTooLarge(declared: UInt64(length), fileSize: length + 8))
    }

    // MARK: Offsets

    @Test func offsetsPastTheEndOfTheDataAreRejected() {
        #expect(
            rejection(Self.single("F32", "[4]", "[0,16]"), data: Array(repeating: 0, count: 8))
                == .offsetsOutOfBounds(name: "x", end: 16, dataSize: 8))
        // A shape that matches offsets near Int.max must be caught without allocating anything.
        #expect(
            rejection(Self.single("U8", "[9223372036854775807]", "[0,9223372036854775807]"), data: [1, 2])
                == .offsetsOutOfBounds(name: "x", end: .max, dataSize: 2))
    }

    @Test func overlappingTensorsAreRejected() {
        let header =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(rejection(header, data: Array(repeating: 0, count: 12)) == .offsetsNotContiguous(name: "b"))
        let same =
            #"{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}"#
        #expect(rejection(same, data: Array(repeating: 0, count: 4)) == .offsetsNotContiguous(name: "b"))
    }

    @Test func aGapBetweenTensorsIsRejected() {
        let header =
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        #expect(rejection(header, data: Array(repeating: 0, count: 12)) == .offsetsNotContiguous(name: "b"))
        #expect(
            rejection(Self.single("F32", "[1]", "[4,8]"), data: Array(repeating: 0, count: 8))
                == .offsetsNotContiguous(name: "x"))
    }

    @Test func trailingBytesAreRejected() {
        #expect(
            rejection(Self.single("F32", "[1]", "[0,4]"), data: Array(repeating: 0, count: 10)) == .trailingBytes(6))
        #expect(rejection("{}", data: [1, 2, 3]) == .trailingBytes(3))
        #expect(rejection(#"{"__metadata__":{"a":"b"}}"#, data: [0]) == .trailingBytes(1))
    }

    // MARK: Entries

    @Test func unknownDTypesAreRejected() {
        #expect(
            rejection(Self.single("Q4", "[1]", "[0,1]"), data: [0])
                == .badEntry(name: "x", problem: #"unknown or unsupported dtype "Q4""#))
        #expect(
            rejection(Self.single("F8_E4M3", "[1]", "[0,1]"), data: [0])
                == .badEntry(name: "x", problem: #"unknown or unsupported dtype "F8_E4M3""#))
        #expect(
            rejection(Self.single("f32", "[1]", "[0,4]"), data: [0, 0, 0, 0])
                == .badEntry(name: "x", problem: #"unknown or unsupported dtype "f32""#))
        #expect(
            rejection(#"{"x":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
                == .badEntry(name: "x", problem: "dtype is missing or not a string"))
        #expect(
            rejection(#"{"x":{"shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
                == .badEntry(name: "x", problem: "dtype is missing or not a string"))
    }

    @Test func aShapeThatDisagreesWithTheOffsetsIsRejected() {
        #expect(
            rejection(Self.single("F32", "[3]", "[0,8]"), data: Array(repeating: 0, count: 8))
                == .badEntry(name: "x", problem: "shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] hold 8"))
        #expect(
            rejection(Self.single("F16", "[2,0]", "[0,2]"), data: [0, 0])
                == .badEntry(name: "x", problem: "shape [2, 0] of F16 needs 0 bytes, but data_offsets [0, 2] hold 2"))
    }

    @Test func overflowingShapesAreRejected() {
        #expect(
            rejection(Self.single("U8", "[4611686018427387904,4]", "[0,0]"))
                == .badEntry(
                    name: "x", problem: "shape [4611686018427387904, 4] of U8 needs more bytes than can be addressed"))
        // Fits as an element count, overflows once multiplied by the width.
        #expect(
            rejection(Self.single("F32", "[2305843009213693952]", "[0,0]"))
                == .badEntry(
                    name: "x", problem: "shape [2305843009213693952] of F32 needs more bytes than can be addressed"))
        #expect(
            rejection(Self.single("F64", "[65536,65536,65536,65536]", "[0,0]"))
                == .badEntry(
                    name: "x",
                    problem: "shape [65536, 65536, 65536, 65536] of F64 needs more bytes than can be addressed"))
        // Numbers too large for an Int are not shapes at all.
        #expect(
            rejection(Self.single("U8", "[99999999999999999999]", "[0,0]"))
                == .badEntry(name: "x", problem: "shape must hold non-negative integers"))
        #expect(
            rejection(Self.single("U8", "[1e30]", "[0,0]"))
                == .badEntry(name: "x", problem: "shape must hold non-negative integers"))
        // A zero dimension makes any product empty, exactly as the official reader computes it.
        #expect(rejection(Self.single("U8", "[0,4611686018427387904,4611686018427387904]", "[0,0]")) == nil)
    }

    @Test func malformedShapesAndOffsetsAreRejected() {
        let shape = SafetensorsError.Reason.badEntry(name: "x", problem: "shape must hold non-negative integers")
        #expect(rejection(Self.single("U8", "[-1]", "[0,0]")) == shape)
        #expect(rejection(Self.single("U8", "[1.5]", "[0,1]"), data: [0]) == shape)
        #expect(rejection(Self.single("U8", "[\"1\"]", "[0,1]"), data: [0]) == shape)
        #expect(
            rejection(Self.single("U8", "1", "[0,1]"), data: [0])
                == .badEntry(name: "x", problem: "shape is missing or not a list"))
        let offsets = SafetensorsError.Reason.badEntry(
            name: "x", problem: "data_offsets must be a list of two non-negative integers")
        #expect(rejection(Self.single("U8", "[1]", "[1]"), data: [0]) == offsets)
        #expect(rejection(Self.single("U8", "[1]", "[0,1,2]"), data: [0]) == offsets)
        #expect(rejection(Self.single("U8", "[1]", "[-1,0]"), data: [0]) == offsets)
        #expect(rejection(Self.single("U8", "[1]", "[0,18446744073709551616]"), data: [0]) == offsets)
        #expect(rejection(Self.single("U8", "[1]", "null"), data: [0]) == offsets)
        #expect(
            rejection(Self.single("U8", "[0]", "[4,0]"), data: [0, 0, 0, 0])
                == .badEntry(name: "x", problem: "data_offsets [4, 0] end before they begin"))
        #expect(
            rejection(#"{"x":[1,2]}"#)
                == .badEntry(name: "x", problem: "it is a list, expected an object with dtype, shape and data_offsets"))
    }

    @Test func unknownFieldsInAnEntryAreIgnoredAsTheOfficialReaderDoes() throws {
        let header = #"{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"future":{"a":[1.5]}}}"#
        let file = try SafetensorsFile(bytes: Fixtures.file(header: header, data: [4, 5]), path: "future")
        #expect(try file.uint8s("x") == [4, 5])
    }

    // MARK: JSON

    @Test func headersThatAreNotJSONObjectsAreRejected() {
        #expect(rejection("not json") == .headerNotJSON("it does not start with '{'"))
        #expect(rejection(" {}") == .headerNotJSON("it does not start with '{'"))
        #expect(rejection("[]") == .headerNotJSON("it does not start with '{'"))
        #expect(rejection("") == .headerNotJSON("it does not start with '{'"))
        #expect(rejection("{not json}") == .headerNotJSON("expected a string key at byte 1"))
        #expect(rejection("{") == .headerNotJSON("expected a string key at byte 1"))
        #expect(rejection(#"{"a":}"#) == .headerNotJSON("unexpected character '}', expected a value at byte 5"))
        #expect(rejection(#"{"a" 1}"#) == .headerNotJSON("expected ':' at byte 5"))
        #expect(rejection(#"{"a":{},}"#) == .headerNotJSON("expected a string key at byte 8"))
        #expect(rejection("{}x") == .headerNotJSON("unexpected text after the end of the JSON value at byte 2"))
        #expect(rejection("{}{}") == .headerNotJSON("unexpected text after the end of the JSON value at byte 2"))
        #expect(rejection("{\"a\":\"\n\"}") == .headerNotJSON("unescaped control character 0xA in a string at byte 6"))
        #expect(rejection(#"{"a":"\x"}"#) == .headerNotJSON("invalid escape character 'x' after a backslash at byte 6"))
        #expect(rejection(#"{"a":"\ud800"}"#) == .headerNotJSON(#"unpaired UTF-16 surrogate in \u escape at byte 6"#))
        #expect(rejection(#"{"a":01}"#) == .headerNotJSON("expected ',' or '}' in an object at byte 6"))
        #expect(rejection(#"{"a":tru}"#) == .headerNotJSON("invalid literal, expected true at byte 5"))
        #expect(rejection(#"{"a":"\u12G4"}"#) == .headerNotJSON(#"expected four hex digits after \u at byte 10"#))
        #expect(rejection(#"{"a":"abc"#) == .headerNotJSON("unterminated string at byte 9"))
        #expect(rejection(#"{"a":[1,]}"#) == .headerNotJSON("unexpected character ']', expected a value at byte 8"))
        #expect(rejection(#"{"a":[1 2]}"#) == .headerNotJSON("expected ',' or ']' in a list at byte 8"))
        #expect(rejection(#"{"a":-}"#) == .headerNotJSON("invalid number at byte 6"))
        #expect(rejection(#"{"a":1.}"#) == .headerNotJSON("expected digits after the decimal point at byte 7"))
    }

    @Test func invalidUTF8IsRejected() {
        let bytes = Fixtures.littleEndian(8) + [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20]
        #expect(Fixtures.rejection(of: bytes) == .headerNotJSON("invalid UTF-8 at byte 2"))
        let overlong = Fixtures.littleEndian(8) + [0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D]
        #expect(Fixtures.rejection(of: overlong) == .headerNotJSON("invalid UTF-8 at byte 2"))
    }

    @Test func duplicateKeysAreRejectedAsAmbiguous() {
        let header =
            #"{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        #expect(rejection(header, data: [0]) == .headerNotJSON(#"duplicate key "x" at byte 53"#))
    }

    @Test func deepNestingIsRejectedWithoutExhaustingTheStack() {
        let header = #"{"x":"# + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}"
        #expect(rejection(header) == .headerNotJSON("nested more than 64 levels deep at byte 68"))
    }

    @Test func whitespaceAfterTheHeaderIsAllowed() throws {
        let file = try SafetensorsFile(
            bytes: Fixtures.file(header: Self.single("U8", "[1]", "[0,1]") + "   \t\n ", data: [9]), path: "spaces")
        #expect(try file.uint8s("x") == [9])
    }

    @Test func escapesInNamesAndMetadataAreDecoded() throws {
        let header =
            #"{"__metadata__":{"k\u00e9\ud83c\udfb7":"a\"b\\c\/d\n"},"\t\u0041":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        let file = try SafetensorsFile(bytes: Fixtures.file(header: header, data: [3]), path: "escapes")
        #expect(file.header.metadata == ["ké🎷": "a\"b\\c/d\n"])
        #expect(try file.uint8s("\tA") == [3])
    }

    // MARK: Metadata

    @Test func metadataMustMapStringsToStrings() {
        #expect(
            rejection(#"{"__metadata__":{"k":1}}"#)
                == .badEntry(name: "__metadata__", problem: #"the value of "k" is a number, expected a string"#))
        #expect(
            rejection(#"{"__metadata__":{"k":["v"]}}"#)
                == .badEntry(name: "__metadata__", problem: #"the value of "k" is a list, expected a string"#))
        #expect(
            rejection(#"{"__metadata__":{"k":null}}"#)
                == .badEntry(name: "__metadata__", problem: #"the value of "k" is null, expected a string"#))
        #expect(
            rejection(#"{"__metadata__":"v"}"#)
                == .badEntry(name: "__metadata__", problem: "it is a string, expected an object of strings"))
        #expect(rejection(#"{"__metadata__":null}"#) == nil)  // the official reader's "no metadata"
    }

    // MARK: Corruption inside the header

    @Test func flippedBytesInsideTheHeaderAreCaught() throws {
        let valid = Fixtures.shard
        let dataStart = try SafetensorsFile(bytes: valid, path: "valid").header.dataStart
        let header = String(decoding: valid[8..<dataStart], as: UTF8.self)
        func flipped(at substring: String, offset: Int, mask: UInt8) -> [UInt8] {
            var bytes = valid
            let position =
                8 + header.utf8.distance(from: header.startIndex, to: header.range(of: substring)!.lowerBound) + offset
            bytes[position] ^= mask
            return bytes
        }
        #expect(
            Fixtures.rejection(of: flipped(at: "{", offset: 0, mask: 0x01))
                == .headerNotJSON("it does not start with '{'"))
        #expect(
            Fixtures.rejection(of: flipped(at: #""F16""#, offset: 3, mask: 0x01))
                == .badEntry(name: "features", problem: #"unknown or unsupported dtype "F17""#))
        #expect(
            Fixtures.rejection(of: flipped(at: "[24,72]", offset: 5, mask: 0x01))
                == .badEntry(
                    name: "features",
                    problem: "shape [2, 3, 4] of F16 needs 48 bytes, but data_offsets [24, 73] hold 49"))
        #expect(
            Fixtures.rejection(of: flipped(at: "[2,3,4]", offset: 3, mask: 0x01))
                == .badEntry(
                    name: "features",
                    problem: "shape [2, 2, 4] of F16 needs 32 bytes, but data_offsets [24, 72] hold 48"))
        let colon = header.utf8.distance(from: header.startIndex, to: header.range(of: #""labels":"#)!.lowerBound) + 8
        #expect(
            Fixtures.rejection(of: flipped(at: #""labels":"#, offset: 8, mask: 0x01))
                == .headerNotJSON("expected ':' at byte \(colon)"))
        // Flipping a letter's case renames a tensor: the file stays valid, under the new name.
        let renamed = try SafetensorsFile(bytes: flipped(at: #""labels""#, offset: 1, mask: 0x20), path: "renamed")
        #expect(try renamed.int32s("Labels") == [3, -1])

        // Every single-bit flip of every header byte: rejected, or still self-consistent.
        for position in 8..<dataStart {
            for bit in 0..<8 {
                var bytes = valid
                bytes[position] ^= 1 << bit
                #expect(Consistency.check(bytes), "bit \(bit) of byte \(position)")
            }
        }
    }
}
