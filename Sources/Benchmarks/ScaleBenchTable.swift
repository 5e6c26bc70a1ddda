import Foundation

/// The human-readable form of a `ScaleBenchResult`: the corpus, one row per scale with each
/// command's wall time and peak RSS, the load around each scale, and the goals.
public enum ScaleBenchTable {
    public static func text(_ result: ScaleBenchResult) -> String {
        let g = result.generation
        let shape = g.shape
        var lines: [String] = []
        lines.append("melshard bench scale: \(result.melshard), \(result.cores) cores")
        lines.append(
            "corpus: \(shape.tracks) Jamendo-like tracks (\(shape.tracks - g.tracksWithoutGenre) with a genre tag) and "
                + "\(shape.sentences) Common-Voice-like sentences, \(g.files) tiny MP3s at \(shape.sampleRate) Hz, "
                + String(format: "%.0f MiB of audio; ", Double(g.audioBytes) / 1_048_576)
                + (g.reused
                    ? String(format: "reused (generated earlier in %.1f s)", g.seconds)
                    : String(format: "generated in %.1f s", g.seconds)))
        lines.append(
            "per_class = ⌊\(result.full_per_class) × scale / \(ScaleRecipe.fullScale)⌋; "
                + "each cell: wall s / peak RSS MiB (a fresh child process each; stopped = killed at "
                + String(format: "%.0f MiB or %.0f s)", result.rss_limit_mib, result.time_limit_seconds))
        let header = ["scale", "per_class", "clips", "sources", "shards"] + ScaleCommand.allCases.map(\.title)
        lines.append(row(header))
        for r in result.rows {
            let cells = ScaleCommand.allCases.map { command in r.steps[command].map(cell) ?? "-" }
            lines.append(
                row(
                    [
                        "\(r.scale)×", "\(r.per_class)", r.clips.map(String.init) ?? "-",
                        r.sources.map(String.init) ?? "-",
                        r.shards.map(String.init) ?? "-",
                    ] + cells))
        }
        for r in result.rows {
            let loads = ScaleCommand.allCases.compactMap { command in
                r.steps[command].flatMap { step in
                    step.load_average.map { String(format: "%@ %.2f", command.title, $0) }
                }
            }
            let notes = ScaleCommand.allCases.compactMap { command in
                r.steps[command].flatMap { step in step.note.map { "\(command.title): \($0)" } }
            }
            if !loads.isEmpty {
                lines.append("  \(r.scale)×: load average before each step: \(loads.joined(separator: ", "))")
            }
            for note in notes { lines.append("  \(r.scale)×: \(note)") }
        }
        lines.append("")
        lines.append("Goals")
        for goal in result.goals {
            let verdict =
                switch goal.met {
                case true?: "[met]    "
                case false?: "[not met]"
                case nil: "[n/a]    "
                }
            lines.append("  \(verdict) \(goal.goal), \(goal.target): \(goal.measured)")
        }
        return lines.joined(separator: "\n")
    }

    /// `wall / RSS`, with a mark for a step that did not finish.
    static func cell(_ step: ScaleStep) -> String {
        let figures = String(format: "%.1f / %.0f", step.wall_seconds, step.peak_rss_mib)
        switch step.outcome {
        case .finished: return figures
        case .stopped: return figures + " stopped"
        case .failed: return figures + " failed"
        }
    }

    private static let widths = [6, 10, 9, 8, 7, 22, 22, 16, 16, 16]

    private static func row(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in
            String(repeating: " ", count: max(0, width - cell.count)) + cell
        }.joined(separator: " ")
    }
}
