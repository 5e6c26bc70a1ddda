import Foundation
import MelshardCore
import Testing

@Suite struct ScratchRecordsTests {
    struct Pair: Equatable {
        var a: Int64
        var b: Float
        var c: Bool
    }

    /// Records come back as written, from any position, across the writer's block boundary,
    /// and an empty file reads as empty.
    @Test func recordsReadBackByPosition() throws {
        var writer = try ScratchRecords<Pair>.Writer(directory: NSTemporaryDirectory())
        let count = 3 * ScratchRecords<Pair>.blockLength + 5
        let pairs = (0..<count).map { Pair(a: Int64($0) * -7, b: Float($0) / 3, c: $0 % 3 == 0) }
        for pair in pairs { try writer.append(pair) }
        #expect(writer.count == count)
        let records = try writer.finish()
        #expect(records.count == count)
        #expect(try records.read(0..<count) == pairs)
        let block = ScratchRecords<Pair>.blockLength
        #expect(try records.read(block - 1..<block + 2) == Array(pairs[block - 1..<block + 2]))
        #expect(records.readOrStop(count - 1..<count) == [pairs[count - 1]])
        #expect(try records.read(4..<4).isEmpty)
        let empty = try ScratchRecords<Pair>.Writer(directory: NSTemporaryDirectory()).finish()
        #expect(try empty.count == 0 && empty.read(0..<0).isEmpty)
    }

    @Test func aFolderThatCannotHoldTheFileIsAnErrorNamingIt() {
        #expect {
            _ = try ScratchRecords<Pair>.Writer(directory: "/nonexistent/melshard-records")
        } throws: { error in
            (error as? FileError).map { "\($0)".contains("/nonexistent/melshard-records") } ?? false
        }
    }
}
