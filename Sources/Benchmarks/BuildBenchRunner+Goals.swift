import Foundation

/// The goals of the build benchmark, judged on its measurements.
extension BuildBenchRunner {
    func judge(_ corpora: [BuildBenchCorpusResult]) -> [BuildBenchGoalResult] {
        let goals = options.goals
        var results: [BuildBenchGoalResult] = []

        if let noop = corpora.first(where: { $0.role == "no-op" }) {
            let clips = noop.noop.first?.clips ?? 0
            let seconds = noop.noop_median_seconds
            let enough = clips >= goals.noopClips
            let ratio = seconds / goals.noopSeconds
            let verdict =
                seconds < goals.noopSeconds
                ? String(format: "%.2f× the limit", ratio)
                : String(format: "over by %.2f s (%.2f× the limit)", seconds - goals.noopSeconds, ratio)
            results.append(
                BuildBenchGoalResult(
                    goal: "no-op rebuild of \(goals.noopClips) clips",
                    target: String(format: "< %.2f s", goals.noopSeconds),
                    measured: String(
                        format: "%.3f s at %d clips (median of %d; engine %.3f s)", seconds, clips, noop.noop.count,
                        median(noop.noop.map(\.engine_seconds))),
                    met: enough ? seconds < goals.noopSeconds : nil,
                    detail: enough
                        ? verdict
                        : "not judged: the no-op corpus has \(clips) clips, fewer than the goal's \(goals.noopClips)"))
        }

        let sized = corpora.filter { $0.role == "small" || $0.role == "large" }
        if sized.count == 2 {
            let (small, large) = (sized[0], sized[1])
            var ratios: [(Int, Double)] = []
            for jobs in [1, 2] {
                guard let a = small.first_builds.first(where: { $0.jobs == jobs }),
                    let b = large.first_builds.first(where: { $0.jobs == jobs })
                else { continue }
                ratios.append((jobs, b.peak_rss_mib / a.peak_rss_mib))
            }
            let worst = ratios.map(\.1).max() ?? .nan
            let limit = 1 + goals.rssGrowth
            let smallClips = small.first_builds.first?.clips ?? 0, largeClips = large.first_builds.first?.clips ?? 0
            let largest = [small, large].map { $0.first_builds.first?.shard_clips?.max() ?? 0 }
            let shardNote = "largest shard \(largest[0]) vs \(largest[1]) clips"
            results.append(
                BuildBenchGoalResult(
                    goal: "peak RSS flat with corpus size (\(largeClips) vs \(smallClips) clips, first build)",
                    target: String(format: "≤ %.2f×", limit),
                    measured: ratios.map { String(format: "%.2f× with %d job%@", $0.1, $0.0, $0.0 == 1 ? "" : "s") }
                        .joined(separator: ", "),
                    met: worst <= limit,
                    detail: (worst <= limit
                        ? String(format: "worst %.2f×", worst)
                        : String(format: "worst %.2f×, %.0f%% over the allowed growth", worst, (worst - limit) * 100))
                        + "; " + shardNote))
        }

        let speedups = sized.compactMap { c in c.speedup.map { (c.corpus, $0) } }
        if !speedups.isEmpty {
            let worst = speedups.map(\.1).min()!
            let misses = speedups.filter { $0.1 < goals.speedup }
            let others = sized.flatMap(\.first_builds).compactMap(\.other_cores)
            let context =
                (others.isEmpty
                    ? ""
                    : String(
                        format: "; other processes kept %.2f–%.2f of %d cores busy during the first builds",
                        others.min()!, others.max()!, ProcessInfo.processInfo.activeProcessorCount))
            results.append(
                BuildBenchGoalResult(
                    goal: "two jobs vs one, first build clips/s", target: String(format: "≥ %.2f×", goals.speedup),
                    measured: speedups.map { String(format: "%@ %.2f×", $0.0, $0.1) }.joined(separator: ", "),
                    met: misses.isEmpty,
                    detail: (misses.isEmpty
                        ? String(format: "worst %.2f×", worst)
                        : misses.map { String(format: "%@ short by %.2f×", $0.0, goals.speedup - $0.1) }.joined(
                            separator: ", ")) + context))
        }
        return results
    }
}
