import AudioDSP
import Build
import Foundation
import MelshardCore

/// Runs a plan on one core and measures it.
public enum FeatureBenchRunner {
    /// What a build does for the plan's clips, per file: hash the source (SHA-256, as probing
    /// does), decode the stretches the crops need and resample them (or the whole file, for a
    /// short one: `AudioLoader.resamplesWhole`), compute each crop's features, convert each row
    /// to float16 with its band sums (`StoredRow`, as a shard does), write it into `output`, and hash that file
    /// at the end (as a shard is). The first file runs once untimed, as on the librosa side.
    /// The result carries the time of each stage.
    public static func run(_ plan: FeatureBenchPlan, output: String) throws -> BenchResult {
        let parameters = plan.parameters
        let times = StageTimes()
        var loader = AudioLoader(parameters)
        let extractor = try FeatureExtractor(parameters)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        guard let sink = FileHandle(forWritingAtPath: output) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output])
        }
        defer { try? sink.close() }
        var clock = BenchClock()
        func process(_ file: FeatureBenchPlan.File) throws -> Int {
            _ = try clock.time(.hashing) { try SHA256Digest.hex(ofFile: file.path) }
            let clips = try loader.clips(
                file.crops.map { ClipRegion(start: $0, length: plan.clip_samples) }, from: file.path)
            for clip in clips {
                let matrix = try extractor.features(clip)
                let stored = clock.time(.conversion) {
                    StoredRow(matrix.values, bands: matrix.rows, dtype: .float16)
                }
                precondition(stored.bandSums.allSatisfy { $0.sum.isFinite }, "features are finite")
                try clock.time(.writing) { try sink.write(contentsOf: stored.bytes) }
            }
            return clips.count
        }
        if let first = plan.files.first { _ = try process(first) }
        try sink.truncate(atOffset: 0)
        try sink.seek(toOffset: 0)
        loader.stageTimes = times
        extractor.stageTimes = times
        clock = BenchClock()
        let start = ContinuousClock.now
        var clips = 0
        for file in plan.files { clips += try process(file) }
        try clock.time(.hashing) {
            try sink.synchronize()
            _ = try SHA256Digest.hex(ofFile: output)
        }
        var measured = result("melshard", plan: plan, clips: clips, since: start)
        var stages = Dictionary(uniqueKeysWithValues: times.seconds.map { ($0.key.rawValue, $0.value) })
        for stage in StageTimes.Stage.allCases where stages[stage.rawValue] == nil { stages[stage.rawValue] = 0 }
        for (stage, seconds) in clock.seconds { stages[stage.rawValue] = seconds }
        measured.stages = stages
        return measured
    }

    /// The workload done minimally through the same libraries, which is what the issue calls
    /// the C floor: decode each whole file once, resample it whole once, and compute each crop's
    /// features on a slice of that signal; nothing is converted, written or hashed.
    public static func floor(_ plan: FeatureBenchPlan) throws -> BenchResult {
        let parameters = plan.parameters
        let loader = AudioLoader(parameters)
        let extractor = try FeatureExtractor(parameters)
        func process(_ file: FeatureBenchPlan.File) throws -> Int {
            let signal = try loader.load(file.path).samples
            try signal.withUnsafeBufferPointer { whole in
                for start in file.crops {
                    let end = start + plan.clip_samples
                    if end <= whole.count {
                        _ = try extractor.features(UnsafeBufferPointer(rebasing: whole[start..<end]))
                    } else {
                        // Past the end a clip is zeros, as `AudioLoader.clips` gives it.
                        var clip = [Float](repeating: 0, count: plan.clip_samples)
                        if start < whole.count {
                            clip.replaceSubrange(0..<(whole.count - start), with: whole[start...])
                        }
                        _ = try extractor.features(clip)
                    }
                }
            }
            return file.crops.count
        }
        if let first = plan.files.first { _ = try process(first) }
        let start = ContinuousClock.now
        var clips = 0
        for file in plan.files { clips += try process(file) }
        return result("floor", plan: plan, clips: clips, since: start)
    }

    private static func result(
        _ tool: String, plan: FeatureBenchPlan, clips: Int, since start: ContinuousClock.Instant
    ) -> BenchResult {
        let seconds = BenchClock.seconds(ContinuousClock.now - start)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return BenchResult(
            tool: tool, files: plan.files.count, clips: clips, seconds: seconds,
            clips_per_second: seconds > 0 ? Double(clips) / seconds : 0,
            files_per_second: seconds > 0 ? Double(plan.files.count) / seconds : 0,
            peak_rss_mib: Double(usage.ru_maxrss) / 1024)
    }
}

/// The stages a build adds after the features, timed by the benchmark itself.
struct BenchClock {
    enum Stage: String { case conversion, hashing, writing }
    var seconds: [Stage: Double] = [:]

    mutating func time<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { seconds[stage, default: 0] += Self.seconds(ContinuousClock.now - start) }
        return try body()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
