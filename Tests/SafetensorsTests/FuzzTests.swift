import Foundation
import Safetensors
import TestSupport
import Testing

@Suite struct FuzzTests {
    let directory = TemporaryDirectory("safetensors-fuzz")

    /// Seeded random mutations of a valid shard: bit flips, byte overwrites with JSON's
    /// punctuation and digits, truncations, insertions, deletions and forged length prefixes.
    @Test func randomlyMutatedFilesNeverCrashTheReader() throws {
        let valid = Fixtures.shard
        let dataStart = try SafetensorsFile(bytes: valid, path: "valid").header.dataStart
        let interesting = Array(#"{}[]",:0123456789-.e "#.utf8) + [0x00, 0x7F, 0xFF]
        var random = SplitMix64(state: 0x5AFE_7E45_0125)
        var accepted = 0, rejected = 0
        var reasons: Set<String> = []

        for iteration in 0..<2000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                // Mostly the header: mutations of the data buffer alone always leave a valid file.
                let inHeader = Int.random(in: 0..<10, using: &random) < 8
                let range = inHeader ? 0..<min(dataStart, bytes.count) : 0..<bytes.count
                guard !range.isEmpty else { break }
                let position = Int.random(in: range, using: &random)
                switch Int.random(in: 0..<7, using: &random) {
                case 0: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 2: bytes[position] = interesting.randomElement(using: &random)!
                case 3: bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &random)...)
                case 4:
                    bytes.insert(
                        contentsOf: (0..<Int.random(in: 1...4, using: &random)).map { _ in
                            interesting.randomElement(using: &random)!
                        }, at: position)
                case 5:
                    bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
                default:
                    let length = UInt64(max(0, dataStart - 8 + Int.random(in: -16...16, using: &random)))
                    if bytes.count >= 8 { bytes.replaceSubrange(0..<8, with: Fixtures.littleEndian(length)) }
                }
            }

            #expect(Consistency.check(bytes), "iteration \(iteration)")
            switch Result(catching: { () throws(SafetensorsError) in try SafetensorsFile(bytes: bytes, path: "fuzz") })
            {
            case .success: accepted += 1
            case .failure(let error): rejected += 1; reasons.insert("\(error.reason)".prefix { $0 != "(" }.description)
            }

            // Now and then, the header-only reader on disk must agree with the full reader.
            if iteration % 50 == 0 {
                let path = directory.file("fuzz-\(iteration).safetensors")
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let full = Result { () throws(SafetensorsError) in try SafetensorsFile(path: path).header }
                let headerOnly = Result { () throws(SafetensorsError) in try SafetensorsFile.readHeader(path: path) }
                #expect(full == headerOnly, "iteration \(iteration)")
            }
        }
        // The mutations must exercise both outcomes and many distinct failures to mean anything.
        #expect(accepted > 20)
        #expect(rejected > 1000)
        #expect(reasons.count >= 6, "reasons seen: \(reasons.sorted())")
    }
}
