import AudioDSP
import Foundation

/// Runs a plan on one core and measures it.
public enum FeatureBenchRunner {
    /// The whole pipeline per file: decode the stretches the crops need, resample them, and
    /// compute each crop's features. The first file runs once untimed, as on the librosa side.
    public static func run(_ plan: FeatureBenchPlan) throws -> BenchResult {
        let parameters = plan.parameters
        let loader = AudioLoader(parameters)
        let extractor = try FeatureExtractor(parameters)
        func process(_ file: FeatureBenchPlan.File) throws -> Int {
            let clips = try loader.clips(
                file.crops.map { ClipRegion(start: $0, length: plan.clip_samples) }, from: file.path)
            for clip in clips { _ = try extractor.features(clip) }
            return clips.count
        }
        if let first = plan.files.first { _ = try process(first) }
        let start = ContinuousClock.now
        var clips = 0
        for file in plan.files { clips += try process(file) }
        return result("melshard", plan: plan, clips: clips, since: start)
    }

    /// The workload done minimally through the same libraries, which is what the issue calls
    /// the C floor: decode each whole file once, resample it whole once, and compute each crop's
    /// features on a slice of that signal. melshard's `run` differs from it only in resampling
    /// each crop's own stretch of the source, which keeps every clip independent of its siblings
    /// (so an incremental build gives the same bytes as a clean one) at the price of the
    /// resampler's set-up and context per clip.
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
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return BenchResult(
            tool: tool, files: plan.files.count, clips: clips, seconds: seconds,
            clips_per_second: Double(clips) / seconds, files_per_second: Double(plan.files.count) / seconds,
            peak_rss_mib: Double(usage.ru_maxrss) / 1024)
    }
}
