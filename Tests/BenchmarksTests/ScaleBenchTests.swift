import Benchmarks
import Foundation
import SoundFile
import TestSupport
import Testing

/// `melshard bench scale`: the per_class mapping, the tiny MP3 copies, one small run of the whole
/// benchmark against the built `melshard` (whose real readers read the generated corpora), the
/// goals and the table on figures made up here, and the options it refuses.
@Suite struct ScaleBenchTests {
    @Test func scalesMapToPerClassWithSixteenTheStudysPlan() {
        #expect(ScaleRecipe.perClass(scale: 16) == 15_000)
        #expect(ScaleRecipe.perClass(scale: 4) == 3_750)
        #expect(ScaleRecipe.perClass(scale: 1) == 937)
        #expect(ScaleRecipe.perClass(scale: 32) == 30_000)
        #expect(ScaleRecipe.perClass(scale: 0) == 0)
        #expect(ScaleRecipe.perClass(scale: 1, fullPerClass: 15) == 0, "too small to give every class a clip")
        #expect(ScaleRecipe.perClass(scale: 2, fullPerClass: 64) == 8)
    }

    /// Every copy has its own bytes (so duplicate detection, which hashes bytes, does not fire)
    /// and decodes to its base's samples, frame for frame.
    @Test func copiesDifferInBytesButDecodeAlike() throws {
        let directory = TemporaryDirectory("scale-audio")
        let audio = try ScaleAudio.encode(lengths: [0.3, 0.5], sampleRate: 16_000, folder: directory.path)
        #expect(audio.frames == [4800, 8000])
        let tag = ScaleAudio.id3Tag(title: "x")
        // "ID3", version 3.0, no flags, size 12 as a synchsafe integer, then the TIT2 frame.
        #expect(Array(tag.prefix(10)) == [0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 12] && tag.count == 22)
        let (a, b) = (directory.file("a.mp3"), directory.file("b.mp3"))
        try audio.write(base: 1, title: "melshard scale sentence 1", to: a)
        try audio.write(base: 1, title: "melshard scale sentence 2", to: b)
        let bytes = try [a, b].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] != bytes[1] && bytes[0].count == bytes[1].count)
        var decoded: [[Float]] = []
        for path in [a, b] {
            let file = try SoundFile(readingFrom: path)
            #expect(file.info.sampleRate == 16_000 && file.info.channels == 1 && file.info.frames == 8000)
            var samples = [Float](repeating: 0, count: 8000)
            let read = try samples.withUnsafeMutableBufferPointer { try file.read(into: $0.baseAddress!, frames: 8000) }
            #expect(read == 8000)
            decoded.append(samples)
        }
        #expect(decoded[0] == decoded[1] && decoded[0].contains { abs($0) > 0.1 })
    }

    /// A small corpus, scales 1 and 2 of a shrunk plan, the real build at scale 2 only: every
    /// generated row is read (status counts every source; only the genre-less tracks are
    /// rejected, and nothing is a duplicate), and doubling the scale doubles the plan.
    @Test func aSmallRunMeasuresEveryCommand() throws {
        let directory = TemporaryDirectory("scale-bench")
        var options = ScaleBenchOptions(executable: Melshard.executable.path, out: directory.path)
        options.shape = ScaleCorpusShape(tracks: 24, sentences: 60, vocabulary: 2000)
        (options.scales, options.buildScales, options.fullPerClass) = ([1, 2], [2], 64)
        (options.jobs, options.keepBuilds) = (1, true)
        let result = try ScaleBenchRunner(options: options) { _ in }.run()

        let generation = result.generation
        #expect(!generation.reused && generation.files == 84 && generation.seconds > 0)
        #expect(generation.tracksWithoutGenre >= 0 && generation.tracksWithoutGenre < 24)
        #expect(result.rows.map(\.scale) == [1, 2] && result.rows.map(\.per_class) == [4, 8])
        #expect(result.rows[0].steps.keys.sorted { $0.rawValue < $1.rawValue } == [.dryRun])
        #expect(Set(result.rows[1].steps.keys) == Set(ScaleCommand.allCases))
        for row in result.rows {
            for (command, step) in row.steps {
                #expect(step.outcome == .finished, "\(row.scale)× \(command): \(step.note ?? "")")
                #expect(step.wall_seconds > 0 && step.peak_rss_mib > 1)
            }
        }
        let clips = try result.rows.map { try #require($0.clips) }
        // Twice the per_class, twice the clips, less the classes whose words cannot move far enough.
        #expect(clips[0] > 0 && clips[1] > clips[0] && clips[1] <= 2 * clips[0], "\(clips)")
        #expect(result.rows.allSatisfy { ($0.sources ?? 0) > 0 && ($0.shards ?? 0) >= 1 })

        let status = try Melshard.run(["status", directory.path + "/builds/scale-2", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(summary["sources"] as? Int == 84, "every track and sentence probed")
        let rejects = try #require(summary["rejects_by_code"] as? [String: Int])
        #expect(
            rejects["duplicate-audio"] == nil && rejects["no-selected-tag", default: 0] == generation.tracksWithoutGenre
        )

        // The same shape again reuses the corpus.
        let again = try ScaleCorpus(root: directory.path + "/corpora", shape: options.shape).generate { _ in }
        #expect(again.reused && again.files == 84)
        // Not the study's size: the goals on the full plan are not judged; memory across scales is.
        #expect(result.goals.map(\.met).prefix(1) == [nil] && result.goals.last?.met == nil)
        #expect(result.goals[1].met != nil && result.goals[1].goal == "peak memory at 2× within 1.2× of 1×")
        let table = ScaleBenchTable.text(result)
        #expect(table.contains("24 Jamendo-like tracks") && table.contains("60 Common-Voice-like sentences"))
    }

    func step(_ seconds: Double, _ mib: Double, _ outcome: ScaleStep.Outcome = .finished) -> ScaleStep {
        ScaleStep(
            wall_seconds: seconds, peak_rss_mib: mib, cpu_seconds: seconds, other_cores: 0.5, load_average: 1.25,
            outcome: outcome, note: outcome == .finished ? nil : "killed: resident memory passed the limit")
    }

    /// The goals on made-up figures: a full plan over both limits, memory growing 30×, a no-op
    /// under 30 s; then a full plan killed at the limit, whose memory ratio is a lower bound.
    @Test func theGoalsAndTheTableFollowTheFigures() {
        let small = ScaleRow(
            scale: 1, per_class: 937, clips: 494_736, sources: 1_054_000, shards: 486,
            steps: [.dryRun: step(40, 100), .build: step(300, 120), .noop: step(10, 110)])
        var full = ScaleRow(
            scale: 16, per_class: 15_000, clips: 7_920_000, sources: 1_054_000, shards: 7_736,
            steps: [.dryRun: step(700, 3000), .build: step(3000, 3600), .noop: step(20, 3300)])
        var goals = ScaleGoals.judge([small, full], studySize: true, fullPerClass: 15_000)
        #expect(goals.map(\.met) == [false, false, true])
        #expect(
            goals[0].goal == "dry run of the full plan (7920000 clips)"
                && goals[0].measured == "700.0 s, 3000 MiB peak RSS")
        #expect(goals[1].goal == "peak memory at 16× within 1.2× of 1×")
        #expect(
            goals[1].measured
                == "dry run 100 → 3000 MiB (30.00×), build 120 → 3600 MiB (30.00×), no-op 110 → 3300 MiB (30.00×)")
        #expect(goals[2].measured == "20.0 s, 3300 MiB peak RSS" && goals[2].target == "< 30 s")

        full.steps = [.dryRun: step(250, 12288, .stopped)]
        goals = ScaleGoals.judge([small, full], studySize: true, fullPerClass: 15_000)
        #expect(goals.map(\.met) == [false, false, nil])
        #expect(goals[1].measured == "dry run 100 → ≥ 12288 MiB (≥ 122.88×)")
        #expect(goals[0].measured.hasSuffix("when killed: resident memory passed the limit"))
        #expect(goals[2].measured.hasPrefix("not judged: the full plan's build did not finish"))

        // Figures that meet every goal.
        full.steps = [.dryRun: step(500, 110), .noop: step(29, 115)]
        #expect(
            ScaleGoals.judge([small, full], studySize: true, fullPerClass: 15_000).map(\.met) == [true, true, true])
        // A smaller corpus or a shrunk plan is no full plan.
        #expect(
            ScaleGoals.judge([small, full], studySize: false, fullPerClass: 15_000).map(\.met) == [nil, true, nil])
        #expect(ScaleGoals.judge([small], studySize: true, fullPerClass: 15_000).map(\.met) == [nil, nil, nil])

        let generation = ScaleGeneration(
            shape: ScaleCorpusShape(), reused: false, files: 1_055_000, seconds: 61.5, tracksWithoutGenre: 550,
            audioBytes: 3 << 30)
        let result = ScaleBenchResult(
            melshard: "/m", cores: 2, generation: generation, full_per_class: 15_000, rss_limit_mib: 12288,
            time_limit_seconds: 3600, rows: [small, full],
            goals: ScaleGoals.judge([small, full], studySize: true, fullPerClass: 15_000))
        let lines = ScaleBenchTable.text(result).split(separator: "\n").map(String.init)
        #expect(lines[1].hasSuffix("3072 MiB of audio; generated in 61.5 s"))
        let row = lines.first { $0.hasPrefix("   16×") } ?? ""
        #expect(row.contains("500.0 / 110") && row.contains("29.0 / 115") && row.hasSuffix("-"), "\(row)")
        #expect(lines.suffix(3).allSatisfy { $0.hasPrefix("  [met]") }, "\(lines.suffix(3))")
    }

    /// Bad options stop before anything is generated, with one `Error:` line and exit 64.
    @Test func badOptionsAreRefusedInOneLine() throws {
        let directory = TemporaryDirectory("scale-bench-options")
        let cases: [([String], String)] = [
            (["--scales", "1,x"], "--scales must list whole numbers ≥ 1"),
            (["--scales", "0"], "--scales must list whole numbers ≥ 1"),
            (["--scales", "4,4"], "--scales lists a scale twice"),
            (["--scales", "1,4", "--build-scales", "16"], "--build-scales must be among --scales"),
            (["--scales", "1", "--full-per-class", "8"], "scale 1 gives per_class ⌊8 × 1 / 16⌋ = 0"),
            (["--tracks", "0"], "--tracks and --sentences must be ≥ 1"),
            (["--rss-limit-gib", "0"], "--rss-limit-gib and --time-limit-minutes must be > 0"),
        ]
        for (arguments, message) in cases {
            let run = try Melshard.run(["bench", "scale", "--out", directory.file("out")] + arguments)
            let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
            #expect(run.status == 64 && errors.count == 1 && errors[0].contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("out")))
    }
}
