import Foundation

/// The human-readable form of a `BuildBenchResult`.
public enum BuildBenchTable {
    public static func text(_ result: BuildBenchResult) -> String {
        var lines: [String] = []
        lines.append("melshard bench build: \(result.melshard), \(result.cores) cores")
        for c in result.corpora {
            let lengths =
                c.source_seconds.count == 1
                ? f(c.source_seconds[0]) + " s"
                : "\(f(c.source_seconds.min()!))–\(f(c.source_seconds.max()!)) s"
            lines.append(
                "  \(c.corpus): \(c.sources) sources (22.05 kHz mono WAV, \(lengths)) × \(c.clips_per_source) random crops; \(c.features)"
                    + (c.files_generated > 0 ? "; generated \(c.files_generated) files" : "; corpus reused"))
        }

        lines.append("")
        lines.append(
            "First builds (wall = spawn to exit of `melshard build --json`; CPU and peak RSS = the child's rusage from wait4;"
        )
        lines.append(
            "others = cores other processes kept busy meanwhile, from /proc/stat; where a corpus was built several times,"
        )
        lines.append("the row is the run with the median wall time, and the range is every run's)")
        lines.append(
            row(
                [
                    "corpus", "sources", "clips", "shards", "max shard", "jobs", "wall s", "engine s", "CPU s",
                    "others", "clips/s",
                    "peak RSS MiB", "×1 job",
                ], widths: firstWidths))
        for c in result.corpora {
            for (k, m) in c.first_builds.enumerated() {
                let speedup = m.jobs == 2 && c.speedup != nil ? String(format: "%.2f×", c.speedup!) : ""
                let name = k == 0 ? c.corpus + (c.first_build_resumed ? " (resumed*)" : "") : ""
                lines.append(
                    row(
                        [
                            name, k == 0 ? "\(m.sources)" : "", "\(m.clips)", "\(m.shards)",
                            m.shard_clips?.max().map(String.init) ?? "-",
                            "\(m.jobs)", f(m.wall_seconds, 2), f(m.engine_seconds, 2), f(m.cpu_seconds, 2),
                            m.other_cores.map { f($0, 2) } ?? "-",
                            f(m.clips_per_second, 1), f(m.peak_rss_mib, 0), speedup,
                        ], widths: firstWidths))
            }
        }
        for c in result.corpora {
            guard let runs = c.first_build_runs, runs.count > 2 else { continue }
            let ranges = [1, 2].map { jobs -> String in
                let walls = runs.filter { $0.jobs == jobs }.map(\.wall_seconds)
                return "\(jobs) job\(jobs == 1 ? "" : "s") \(f(walls.min()!, 2))–\(f(walls.max()!, 2)) s"
            }
            lines.append("  \(c.corpus): \(runs.count / 2) runs per job count, wall \(ranges.joined(separator: ", "))")
        }
        if result.corpora.contains(where: \.first_build_resumed) {
            lines.append(
                "  * an earlier run's output was there, so this build only finished or checked it (--fresh redoes it)")
        }

        lines.append("")
        lines.append("Rebuilds (one job, in the first --jobs 1 output; units rebuilt per stage: probe / plan / shard)")
        lines.append(
            row(
                [
                    "corpus", "step", "wall s", "engine s", "CPU s", "others", "peak RSS MiB", "probe", "plan",
                    "shards", "decoded",
                ],
                widths: rebuildWidths))
        for c in result.corpora {
            var steps = c.noop.enumerated().map { ("no-op #\($0.offset + 1)", $0.element) }
            steps += [("touched 1 source", c.touched), ("rewrote 1 source", c.rewritten)]
            for (k, (step, m)) in steps.enumerated() {
                func units(_ stage: String) -> String {
                    let u = m.units[stage]
                    return "\(u?.rebuilt ?? 0)/\((u?.rebuilt ?? 0) + (u?.reused ?? 0))"
                }
                lines.append(
                    row(
                        [
                            k == 0 ? c.corpus : "", step, f(m.wall_seconds, 3), f(m.engine_seconds, 3),
                            f(m.cpu_seconds, 3),
                            m.other_cores.map { f($0, 2) } ?? "-", f(m.peak_rss_mib, 0),
                            units("probe"), units("plan"), units("shard"), "\(m.decoded_sources)",
                        ], widths: rebuildWidths))
            }
            lines.append(row(["", "no-op median", f(c.noop_median_seconds, 3)], widths: rebuildWidths))
        }

        lines.append("")
        lines.append("Goals")
        for g in result.goals {
            let verdict =
                switch g.met {
                case true?: "[met]   "
                case false?: "[missed]"
                case nil: "[n/a]   "
                }
            lines.append("  \(verdict) \(g.goal), \(g.target): \(g.measured) — \(g.detail)")
        }
        return lines.joined(separator: "\n")
    }

    private static let firstWidths = [-24, 7, 7, 6, 9, 4, 8, 8, 7, 6, 8, 12, 7]
    private static let rebuildWidths = [-14, -18, 8, 9, 7, 6, 12, 11, 5, 8, 7]

    /// Negative widths pad on the right (left-aligned text), positive on the left.
    private static func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            let pad = String(repeating: " ", count: max(0, abs(width) - cell.count))
            return width < 0 ? cell + pad : pad + cell
        }.joined(separator: " ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    private static func f(_ x: Double, _ digits: Int = 1) -> String {
        return String(format: "%.\(digits)f", x)
    }
}
