import Foundation

/// The goals of issue 16 for the scale benchmark, judged on its rows:
///
/// 1. the dry run of the full plan (study size, `per_class` 15,000: about 8 million clips) in
///    under 10 minutes and under 2 GB (2,048 MiB) of peak RSS;
/// 2. peak memory at the largest scale within 1.2× of the smallest (16× against 1× by
///    default), for every command measured at both;
/// 3. the no-op rebuild of the full plan in under 30 s.
///
/// A goal whose measurement is missing (the full plan was not run, or the build it needs did not
/// finish) is reported with `met` nil and the reason; a step the benchmark stopped at its limit
/// counts as not met, since the goal's limit lies below the one the step passed.
public enum ScaleGoals {
    public static let dryRunSeconds = 600.0
    public static let dryRunMiB = 2048.0
    public static let memoryGrowth = 1.2
    public static let noopSeconds = 30.0

    public static func judge(_ rows: [ScaleRow], studySize: Bool, fullPerClass: Int) -> [ScaleGoal] {
        let full =
            studySize && fullPerClass == ScaleRecipe.studyPerClass
            ? rows.first { $0.per_class == ScaleRecipe.studyPerClass } : nil
        let missingFull =
            !studySize
            ? "not judged: the corpus is smaller than the study's"
            : fullPerClass != ScaleRecipe.studyPerClass
                ? "not judged: --full-per-class is not the study's 15000"
                : "not judged: scale \(ScaleRecipe.fullScale) (the full plan) was not run"
        var goals: [ScaleGoal] = []

        let dryTarget = String(format: "< %.0f s and < %.0f MiB", dryRunSeconds, dryRunMiB)
        if let full, let step = full.steps[.dryRun] {
            goals.append(
                ScaleGoal(
                    goal: "dry run of the full plan (\(clipsText(full)))", target: dryTarget,
                    measured: describe(step),
                    met: step.outcome == .finished && step.wall_seconds < dryRunSeconds && step.peak_rss_mib < dryRunMiB
                ))
        } else {
            goals.append(
                ScaleGoal(goal: "dry run of the full plan", target: dryTarget, measured: missingFull, met: nil))
        }

        let sorted = rows.sorted { $0.scale < $1.scale }
        let growthTarget = String(format: "≤ %.1f×", memoryGrowth)
        if let small = sorted.first, let large = sorted.last, large.scale > small.scale {
            var parts: [String] = []
            var worst = 0.0
            var anyStopped = false
            for command in ScaleCommand.allCases {
                guard let a = small.steps[command], let b = large.steps[command], a.outcome == .finished,
                    b.outcome != .failed
                else { continue }
                let ratio = b.peak_rss_mib / a.peak_rss_mib
                worst = max(worst, ratio)
                anyStopped = anyStopped || b.outcome == .stopped
                parts.append(
                    String(
                        format: "%@ %.0f → %@%.0f MiB (%@%.2f×)", command.title, a.peak_rss_mib,
                        b.outcome == .stopped ? "≥ " : "", b.peak_rss_mib, b.outcome == .stopped ? "≥ " : "", ratio))
            }
            let goal = "peak memory at \(large.scale)× within \(growthTarget.dropFirst(2)) of \(small.scale)×"
            goals.append(
                ScaleGoal(
                    goal: goal, target: growthTarget,
                    measured: parts.isEmpty
                        ? "not judged: no command finished at both scales"
                        : parts.joined(
                            separator: ", "),
                    met: parts.isEmpty ? nil : (worst <= memoryGrowth && !anyStopped)))
        } else {
            goals.append(
                ScaleGoal(
                    goal: "peak memory flat across scales", target: growthTarget,
                    measured: "not judged: fewer than two scales", met: nil))
        }

        let noopTarget = String(format: "< %.0f s", noopSeconds)
        if let full, let step = full.steps[.noop] {
            goals.append(
                ScaleGoal(
                    goal: "no-op rebuild of the full plan (\(clipsText(full)))", target: noopTarget,
                    measured: describe(step), met: step.outcome == .finished && step.wall_seconds < noopSeconds))
        } else {
            let reason =
                full == nil
                ? missingFull : "not judged: the full plan's build did not finish, so there was nothing to rebuild"
            goals.append(
                ScaleGoal(goal: "no-op rebuild of the full plan", target: noopTarget, measured: reason, met: nil))
        }
        return goals
    }

    static func clipsText(_ row: ScaleRow) -> String {
        row.clips.map { "\($0) clips" } ?? "per_class \(row.per_class)"
    }

    static func describe(_ step: ScaleStep) -> String {
        let figures = String(format: "%.1f s, %.0f MiB peak RSS", step.wall_seconds, step.peak_rss_mib)
        switch step.outcome {
        case .finished: return figures
        case .stopped: return figures + " when " + (step.note ?? "stopped")
        case .failed: return figures + ", failed: " + (step.note ?? "")
        }
    }
}
