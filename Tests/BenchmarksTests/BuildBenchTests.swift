import Benchmarks
import Build
import Foundation
import TestSupport
import Testing

/// `melshard bench build`: its generated corpus, and one tiny run of the whole benchmark against
/// the built `melshard` (two sources, one crop each, one run per measurement, no no-op corpus).
@Suite struct BuildBenchTests {
    @Test func aTinyRunMeasuresEveryBuildAndJudgesTheGoals() throws {
        let directory = TemporaryDirectory("build-bench")
        var options = BuildBenchOptions(executable: Melshard.executable.path, out: directory.path)
        (options.smallClips, options.largeClips, options.noopClips, options.clipsPerSource) = (1, 2, 0, 1)
        (options.classes, options.firstBuildRepeats, options.noopRepeats) = (2, 1, 1)
        let result = try BuildBenchRunner(options: options) { _ in }.run()

        #expect(result.melshard == Melshard.executable.path && result.cores >= 1)
        #expect(
            result.corpora.map(\.corpus) == ["small-1", "large-2"] && result.corpora.map(\.role) == ["small", "large"])
        for (corpus, clips) in zip(result.corpora, [1, 2]) {
            #expect(corpus.sources == clips && corpus.files_generated == clips && !corpus.first_build_resumed)
            #expect(corpus.first_builds.map(\.jobs) == [1, 2] && corpus.first_build_runs?.count == 2)
            let speedup = try #require(corpus.speedup)
            #expect(speedup.isFinite && speedup > 0)
            for first in corpus.first_builds {
                #expect(first.step == "first build" && first.clips == clips && first.sources == clips)
                #expect(first.units["shard"]?.rebuilt ?? 0 >= 1 && first.shard_clips?.reduce(0, +) == clips)
                #expect(first.wall_seconds > 0 && first.clips_per_second.isFinite && first.clips_per_second > 0)
                #expect(first.peak_rss_mib > 1 && first.cpu_seconds > 0 && first.rejects == 0)
                #expect(FileManager.default.fileExists(atPath: first.report_path))
            }
            // A no-op rebuild redoes nothing; touching a source re-probes it but keeps its bytes,
            // so no shard is rewritten; new audio rewrites its shard; restoring it rewrites it again.
            #expect(corpus.noop.count == 1 && corpus.noop[0].rebuilt == 0 && corpus.noop[0].reused > 0)
            #expect(corpus.noop_median_seconds == corpus.noop[0].wall_seconds)
            #expect(corpus.touched.shards_rewritten == 0 && corpus.touched.decoded_sources == 0)
            #expect(corpus.rewritten.shards_rewritten >= 1 && corpus.rewritten.decoded_sources >= 1)
            #expect(corpus.restored.shards_rewritten >= 1)
        }
        // No no-op corpus, so two goals: peak RSS against corpus size, and the two-job speedup.
        #expect(
            result.goals.map(\.goal) == [
                "peak RSS flat with corpus size (2 vs 1 clips, first build)",
                "two jobs vs one, first build clips/s",
            ])
        #expect(result.goals.allSatisfy { $0.met != nil && !$0.measured.isEmpty && !$0.measured.contains("nan") })

        // The table: one row per first build, four per corpus's rebuilds, one line per goal.
        let lines = BuildBenchTable.text(result).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        #expect(lines[0] == "melshard bench build: \(Melshard.executable.path), \(result.cores) cores")
        let header = try #require(lines.firstIndex { $0.hasPrefix("corpus ") && $0.contains("clips/s") })
        #expect(lines[header].split(separator: " ", omittingEmptySubsequences: true).last == "job")
        #expect(
            lines[(header + 1)...].prefix(4).map { $0.split(separator: " ").first.map(String.init) ?? "" }
                == ["small-1", "1", "large-2", "2"], "rows: \(lines[(header + 1)...].prefix(4))")
        #expect(
            lines.filter { $0.contains("no-op #1") }.count == 2
                && lines.filter { $0.contains("no-op median") }.count == 2)
        let goals = lines.drop { $0 != "Goals" }.dropFirst()
        #expect(goals.count == 2 && goals.allSatisfy { $0.hasPrefix("  [met]") || $0.hasPrefix("  [missed]") })
        // And the JSON form decodes back.
        let encoded = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(BuildBenchResult.self, from: encoded).corpora.count == 2)
    }

    /// The corpus is generated once and reused; a rewritten source is marked until it is restored,
    /// and a later `generate` puts back a source an interrupted run left rewritten.
    @Test func theCorpusIsReusedAndARewriteIsUndone() throws {
        let directory = TemporaryDirectory("build-bench-corpus")
        let corpus = BuildBenchCorpus(
            root: directory.path, sources: 3, classes: 2, sampleRate: 8000, lengths: [0.5, 0.25], seed: 9)
        #expect(corpus.relativePath(2) == "class-0/src-00002.wav" && corpus.relativePath(1) == "class-1/src-00001.wav")
        #expect(corpus.totalSeconds == 1.25)
        #expect(try corpus.generate() == 3)
        #expect(try corpus.generate() == 0, "a complete corpus is reused")
        let original = try Data(contentsOf: URL(fileURLWithPath: corpus.path(1)))

        try corpus.rewrite(1)
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: corpus.path(1)))
        #expect(rewritten != original && rewritten.count == original.count, "other audio of the same length")
        #expect(FileManager.default.fileExists(atPath: directory.file(".bench-rewritten")))
        // An interrupted run: the next generate restores the source and drops the marker.
        #expect(try corpus.generate() == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: corpus.path(1))) == original)
        #expect(!FileManager.default.fileExists(atPath: directory.file(".bench-rewritten")))

        // A stray audio file is removed; a missing one is written again.
        try FileManager.default.removeItem(atPath: corpus.path(0))
        try original.write(to: directory.url.appendingPathComponent("class-0/stray.wav"))
        #expect(try corpus.generate() == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.file("class-0/stray.wav")))
    }
}
