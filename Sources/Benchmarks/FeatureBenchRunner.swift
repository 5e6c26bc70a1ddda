import Features
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
            let clips = try loader.clips(file.crops.map { ClipRegion(start: $0, length: plan.clip_samples) }, from: file.path)
            for clip in clips { _ = try extractor.features(clip) }
            return clips.count
        }
        if let first = plan.files.first { _ = try process(first) }
        let start = ContinuousClock.now
        var clips = 0
        for file in plan.files { clips += try process(file) }
        return result("melshard", plan: plan, clips: clips, since: start)
    }

    /// The floor under any pipeline on these libraries: decode each whole file and resample it,
    /// nothing else.
    public static func floor(_ plan: FeatureBenchPlan) throws -> BenchResult {
        let loader = AudioLoader(targetRate: plan.sr)
        if let first = plan.files.first { _ = try loader.load(first.path) }
        let start = ContinuousClock.now
        for file in plan.files { _ = try loader.load(file.path) }
        return result("decode+resample floor", plan: plan, clips: plan.clipCount, since: start)
    }

    private static func result(_ tool: String, plan: FeatureBenchPlan, clips: Int, since start: ContinuousClock.Instant) -> BenchResult {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return BenchResult(tool: tool, files: plan.files.count, clips: clips, seconds: seconds,
                           clips_per_second: Double(clips) / seconds, files_per_second: Double(plan.files.count) / seconds,
                           peak_rss_mib: Double(usage.ru_maxrss) / 1024)
    }
}
