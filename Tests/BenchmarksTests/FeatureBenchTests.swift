import AudioDSP
import FeatureSettings
import Foundation
import SoundFile
import TestSupport
import Testing

@testable import Benchmarks

/// `melshard bench features`'s melshard side: the generated corpus and plans, and a run of each
/// measurement (melshard's pipeline and the floor) on one 30-s file with two crops. No
/// Jamendo-like files: they are minutes long.
@Suite struct FeatureBenchTests {
    /// One corpus (generating a 30-s file takes seconds in a debug build), its plans checked, then
    /// both measurements run on the WAV plan.
    @Test func generateThenMeasure() throws {
        let directory = TemporaryDirectory("feature-bench")
        let plans = try FeatureBenchCorpus.generate(
            in: directory.path, shape: .init(gtzanFiles: 1, crops: 2, jamendoFiles: 0, denseFiles: 1, denseCrops: 3))
        try thePlansCropTheSameStretchesOfTheWAVAndTheMP3(plans, directory: directory)
        try theDensePlanCropsMonoAUAt22kHz(plans[2], directory: directory)
        try bothMeasurementsCountEveryClipAtAFiniteRate(plans[0], directory: directory)
        let dense = try FeatureBenchRunner.run(plans[2], output: directory.file("dense.rows"))
        #expect(dense.clips == 3 && dense.stages?["decode"] != nil && dense.stages?["resample"] != nil)
    }

    /// A workload with no files is left out, so no rate is computed over nothing.
    @Test func workloadsWithoutFilesAreLeftOut() throws {
        let directory = TemporaryDirectory("feature-bench-empty")
        let plans = try FeatureBenchCorpus.generate(
            in: directory.path, shape: .init(gtzanFiles: 0, crops: 2, jamendoFiles: 0, denseFiles: 0))
        #expect(plans.isEmpty)
    }

    func theDensePlanCropsMonoAUAt22kHz(_ dense: FeatureBenchPlan, directory: TemporaryDirectory) throws {
        #expect(dense.name == "dense-au" && dense.files.map(\.path) == [directory.file("dense-0.au")])
        #expect(dense.clipCount == 3 && dense.parameters == FeaturePreset.heydarshahi.parameters)
        #expect(dense.files[0].crops.allSatisfy { $0 >= 0 && $0 + dense.clip_samples <= 30 * 12000 })
        let info = try SoundFile(readingFrom: dense.files[0].path).info
        #expect(info.sampleRate == 22050 && info.channels == 1 && info.frames == 30 * 22050)
        // 30 s is under the loader's limit: the track is resampled whole, once, as librosa does.
        #expect(AudioLoader(dense.parameters).resamplesWhole(info))
    }

    func thePlansCropTheSameStretchesOfTheWAVAndTheMP3(
        _ plans: [FeatureBenchPlan], directory: TemporaryDirectory
    )
        throws
    {
        #expect(plans.map(\.name) == ["gtzan-wav", "gtzan-mp3", "dense-au"])
        let (wav, mp3) = (plans[0], plans[1])
        #expect(
            wav.files.map(\.path) == [directory.file("gtzan-0.wav")]
                && mp3.files.map(\.path) == [directory.file("gtzan-0.mp3")])
        #expect(wav.files[0].crops == mp3.files[0].crops && wav.clipCount == 2)
        // Heydarshahi: 12 kHz, clips of 24,064 samples (the study's 96 × 95 frames) inside the 30-s file.
        #expect(wav.sr == 12000 && wav.clip_samples == 24064 && wav.resize == [128, 128])
        #expect(wav.files[0].crops.allSatisfy { $0 >= 0 && $0 + wav.clip_samples <= 30 * 12000 })
        // 44.1 kHz stereo on disk, 30 s long.
        let info = try SoundFile(readingFrom: wav.files[0].path).info
        #expect(info.sampleRate == 44100 && info.channels == 2 && info.frames == 30 * 44100)
        // The same plan computes the same features as the preset it names.
        #expect(wav.parameters == FeaturePreset.heydarshahi.parameters)
    }

    /// The plan is the contract with scripts/bench/librosa_features.py: every key the script reads
    /// must be one the plan writes.
    @Test func thePlanJSONCarriesEveryKeyTheLibrosaScriptReads() throws {
        let directory = TemporaryDirectory("feature-bench-plan")
        let plan = FeatureBenchPlan.heydarshahi(name: "p", files: [.init(path: "/a.wav", crops: [0, 5])])
        try plan.write(to: directory.file("p.json"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url.appendingPathComponent("p.json")))
                as? [String: Any])
        let fileKeys = Set(((object["files"] as? [[String: Any]])?.first ?? [:]).keys)
        let script = try String(contentsOfFile: packageRoot + "/scripts/bench/librosa_features.py", encoding: .utf8)
        let planKeys = Set(matches(#"plan(?:\["|\.get\(")(\w+)""#, in: script))
        let entryKeys = Set(matches(#"entry\["(\w+)"\]"#, in: script))
        #expect(
            planKeys.isSuperset(of: ["sr", "n_fft", "hop", "n_mels", "files"]),
            "the pattern finds the script's reads: \(planKeys)")
        #expect(
            planKeys.subtracting(object.keys).isEmpty,
            "keys the script reads but the plan lacks: \(planKeys.subtracting(object.keys))")
        #expect(!entryKeys.isEmpty && entryKeys.subtracting(fileKeys).isEmpty, "\(entryKeys) against \(fileKeys)")
        let back = try FeatureBenchPlan.read(directory.file("p.json"))
        #expect(back.files.map(\.crops) == [[0, 5]] && back.parameters == plan.parameters)
    }

    func bothMeasurementsCountEveryClipAtAFiniteRate(_ wav: FeatureBenchPlan, directory: TemporaryDirectory) throws {
        let results = [
            try FeatureBenchRunner.run(wav, output: directory.file("wav.rows")), try FeatureBenchRunner.floor(wav),
        ]
        // Two float16 rows of 128 × 128 were written, and every stage was timed.
        #expect(try Data(contentsOf: directory.url.appendingPathComponent("wav.rows")).count == 2 * 128 * 128 * 2)
        let stages = try #require(results[0].stages)
        #expect(
            Set(stages.keys) == [
                "decode", "resample", "stft", "mel", "scaling", "resize", "conversion", "hashing", "writing",
            ])
        #expect(stages.values.allSatisfy { $0 >= 0 } && stages.values.reduce(0, +) <= results[0].seconds * 1.01)
        #expect(results.map(\.tool) == ["melshard", "floor"])
        for result in results {
            #expect(result.files == 1 && result.clips == 2, "\(result.tool)")
            #expect(result.seconds > 0 && result.seconds < 60, "\(result.tool): \(result.seconds) s")
            #expect(abs(result.clips_per_second - 2 / result.seconds) < 1e-9 * result.clips_per_second)
            #expect(abs(result.files_per_second - 1 / result.seconds) < 1e-9 * result.files_per_second)
            #expect(result.peak_rss_mib > 1 && result.peak_rss_mib.isFinite)
        }
    }

    /// A plan without files measures nothing, without failing: clips and rates are zero.
    @Test func anEmptyPlanMeasuresNoClips() throws {
        let directory = TemporaryDirectory("feature-bench-empty-plan")
        let result = try FeatureBenchRunner.run(.heydarshahi(name: "empty", files: []), output: directory.file("rows"))
        #expect(result.files == 0 && result.clips == 0 && result.clips_per_second == 0)
    }
}

/// The package's root folder, found from this file's place in it.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The first capture group of every match of `pattern` in `text`.
func matches(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}
