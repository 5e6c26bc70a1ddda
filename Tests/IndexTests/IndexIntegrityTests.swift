import Foundation
import Index
import TestSupport
import Testing

/// `integrityProblems` and `damageMessage` against a real index.sqlite with pages overwritten.
@Suite struct IndexIntegrityTests {
    let directory = TemporaryDirectory("index-integrity")
    var path: String { directory.path + "/" + Index.fileName }

    /// An index of a few dozen pages: enough rejects with long reasons to fill them.
    func makeIndex() throws {
        let index = try Index(directory: directory.path)
        let rows = (0..<400).map { (i: Int) -> RejectRow in
            RejectRow(
                corpus: "c", path: "f\(i).wav", line: i, stage: "ingest", code: "unreadable",
                reason: String(repeating: "why \(i) ", count: 20))
        }
        try index.transaction { try index.replaceRejects(stage: "ingest", with: rows) }
        #expect(try index.integrityProblems().isEmpty)
    }

    func scribble(at offset: Int, count: Int) throws {
        // A fixed linear congruential sequence: garbage, the same every run.
        var state = UInt64(offset) &+ 0x9E37_79B9_7F4A_7C15
        let garbage = (0..<count).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(garbage))
        try handle.close()
    }

    @Test func aCleanIndexHasNoProblems() throws {
        try makeIndex()
        #expect(try Index(directory: directory.path, readOnly: true).integrityProblems() == [])
    }

    @Test func garbagePagesWithTheHeaderIntactAreFound() throws {
        try makeIndex()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(size > 20 * 4096)
        try scribble(at: 10 * 4096, count: 4096)
        let index = try Index(directory: directory.path, readOnly: true)
        let problems = try index.integrityProblems()
        #expect(!problems.isEmpty)
        #expect(try index.integrityProblems(limit: 1).count == 1)
    }

    @Test func aDestroyedHeaderIsDamageNotAnOrdinaryFailure() throws {
        try makeIndex()
        try scribble(at: 0, count: 100)
        let error = #expect(throws: IndexError.self) { try Index(directory: directory.path, readOnly: true) }
        #expect(error.flatMap(Index.damageMessage)?.contains("not a database") == true)
        // A missing index is no damage.
        let missing = #expect(throws: IndexError.self) {
            try Index(directory: directory.path + "/nowhere", readOnly: true)
        }
        #expect(missing.flatMap(Index.damageMessage) == nil)
    }
}
