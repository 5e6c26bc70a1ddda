import Foundation
import Testing

/// Every committed fuzz input, replayed through the targets' own entry points without sanitizers:
/// the seeds (real files, each of which must be accepted) and the crashes libFuzzer found
/// (each of which must now be handled without crashing). docs/fuzzing.md.
@Suite struct FuzzReplayTests {
    /// `Fuzz/`, found from this file so the test runs from any working directory.
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func inputs(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let directory = fuzzFolder.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsAreAccepted(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("Corpus", target)
        #expect(seeds.count >= 3, "Fuzz/Corpus/\(target.rawValue) holds \(seeds.count) seeds")
        for seed in seeds {
            let accepted = target.run([UInt8](try Data(contentsOf: seed)))
            #expect(accepted, "the seed \(seed.lastPathComponent) was refused: a seed must be a valid file")
        }
    }

    /// Reaching the end is the assertion: a crash here is the defect libFuzzer found, back.
    @Test(arguments: FuzzTarget.allCases)
    func crashesNoLongerCrash(_ target: FuzzTarget) throws {
        for crash in Self.inputs("Crashes", target) {
            target.run([UInt8](try Data(contentsOf: crash)))
        }
    }
}
