import Foundation
import MelshardCore
import Testing

@Suite struct ScratchFileTests {
    /// What is appended reads back from where `append` said, across the writer's buffer
    /// boundary, and the file has no name in its folder at any point.
    @Test func appendedBytesReadBackAndLeaveNoFileBehind() throws {
        let folder = NSTemporaryDirectory() + "/scratch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ScratchFile(directory: folder)
        var writer = ScratchFile.Writer(file)
        var records: [(offset: Int64, bytes: [UInt8])] = []
        var random = SystemRandomNumberGenerator()
        // Some 3 MiB in records of up to 64 KiB: the 1-MiB buffer is flushed several times.
        for k in 0..<100 {
            let bytes = (0..<Int.random(in: 0...65_536, using: &random)).map {
                UInt8(truncatingIfNeeded: $0 &* 31 &+ k)
            }
            records.append((try writer.append(bytes), bytes))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        try writer.flush()
        #expect(writer.end == Int64(records.reduce(0) { $0 + $1.bytes.count }))
        for record in records.shuffled() {
            #expect(try file.read(offset: record.offset, count: record.bytes.count) == record.bytes)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// Reading past what was written is an error that names the scratch file, not garbage.
    @Test func readingPastTheEndIsAnError() throws {
        let file = try ScratchFile(directory: NSTemporaryDirectory())
        var writer = ScratchFile.Writer(file)
        _ = try writer.append([1, 2, 3])
        try writer.flush()
        #expect(try file.read(offset: 1, count: 2) == [2, 3])
        #expect(throws: FileError.self) { try file.read(offset: 2, count: 2) }
    }

    @Test func aFolderThatIsNotThereIsAnError() {
        #expect(throws: FileError.self) { try ScratchFile(directory: "/nonexistent-\(UUID().uuidString)") }
    }
}
