import Foundation
import MelshardCore
import TestSupport
import Testing

@Suite struct FileDigestTests {
    /// Files around the 1 MiB read buffer's size hash as their bytes do, whichever lent buffer
    /// (one per thread hashing at once) reads them.
    @Test func aFileHashesAsItsBytesFromManyThreadsAtOnce() throws {
        let directory = TemporaryDirectory("digest")
        let sizes = [0, 1, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 5]
        var files: [(path: String, digest: String)] = []
        for (i, size) in sizes.enumerated() {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
            let path = directory.file("f\(i).bin")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append((path, SHA256Digest.hex(of: bytes)))
        }
        #expect(files[0].digest == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let results = LockedResults()
        let written = files
        DispatchQueue.concurrentPerform(iterations: 4 * files.count) { k in
            let file = written[k % written.count]
            results.append((try? SHA256Digest.hex(ofFile: file.path)) == file.digest)
        }
        #expect(results.values.count == 4 * written.count && results.values.allSatisfy { $0 })
    }

    @Test func aMissingFileIsAnErrorThatNamesIt() {
        #expect {
            try SHA256Digest.hex(ofFile: "/nonexistent/melshard-digest")
        } throws: { error in
            "\(error)".contains("/nonexistent/melshard-digest")
        }
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Bool] = []
    var values: [Bool] { lock.withLock { stored } }
    func append(_ value: Bool) { lock.withLock { stored.append(value) } }
}
