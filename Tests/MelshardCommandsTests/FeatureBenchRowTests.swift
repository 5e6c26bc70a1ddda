import Benchmarks
import Foundation
import Testing

@testable import MelshardCommands

/// The figures `melshard bench features` derives from its measurements.
@Suite struct FeatureBenchRowTests {
    func result(_ tool: String, clips: Int, seconds: Double, decode: Double? = nil) throws -> BenchResult {
        let stages = decode.map { ", \"stages\": {\"decode\": \($0)}" } ?? ""
        let json = """
            {"tool": "\(tool)", "files": 2, "clips": \(clips), "seconds": \(seconds), \
            "clips_per_second": \(Double(clips) / seconds), "files_per_second": \(2 / seconds), \
            "peak_rss_mib": 40\(stages)}
            """
        return try JSONDecoder().decode(BenchResult.self, from: Data(json.utf8))
    }

    /// librosa takes 90 ms per clip and melshard decodes in 30 ms per clip: however fast the rest
    /// became, melshard could not pass 3× librosa on that workload.
    @Test func decodeBoundIsLibrosaTimePerClipOverMelshardDecodeTimePerClip() throws {
        let row = Melshard.Bench.Features.Row(
            workload: "gtzan-mp3", melshard: try result("melshard", clips: 30, seconds: 1.5, decode: 0.9),
            floor: try result("floor", clips: 30, seconds: 1.2),
            librosa: try result("librosa", clips: 30, seconds: 2.7))
        #expect(abs(try #require(row.decodeBound) - 3.0) < 1e-12)
        #expect(abs(try #require(row.speedupOverLibrosa) - 1.8) < 1e-12)

        let skipped = Melshard.Bench.Features.Row(
            workload: "gtzan-wav", melshard: try result("melshard", clips: 30, seconds: 1.5, decode: 0.9),
            floor: try result("floor", clips: 30, seconds: 1.2), librosa: nil)
        #expect(skipped.decodeBound == nil, "no librosa, no bound")
    }
}
