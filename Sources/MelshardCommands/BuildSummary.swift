import Build
import Foundation

/// The human-readable account of a build: one summary line, then rejects and (for a dry run)
/// every unit that would be redone, with why.
enum BuildSummary {
    static func text(_ r: BuildReport) -> String {
        var lines: [String] = []
        let shards = r.units["shard"] ?? .init()
        if r.dryRun {
            lines.append("dry run for \(r.output): would rebuild \(r.rebuilt) unit(s), reuse \(r.reused)")
            lines += unitLines(r.rebuiltUnits, omitted: r.rebuiltUnitsOmitted ?? [:])
            for name in r.removedShards { lines.append("  shard \(name): would be removed (no longer in the plan)") }
            return lines.map { TerminalText.escaped($0) }.joined(separator: "\n")
        }
        lines.append(
            "built \(r.output): \(r.shards) shard(s) (\(shards.rebuilt) written, \(shards.reused) reused), "
                + "\(r.clips) clip(s) from \(r.sources) source(s), \(r.decodedSources) decoded, in \(String(format: "%.1f", r.seconds)) s"
        )
        if r.rejects > 0 {
            let codes = r.rejectsByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                separator: ", ")
            lines.append("rejected \(r.rejects) input(s): \(codes) (melshard status \(r.output))")
        }
        if r.ignoredFiles > 0 { lines.append("ignored \(r.ignoredFiles) file(s) whose extension is not audio") }
        return lines.map { TerminalText.escaped($0) }.joined(separator: "\n")
    }

    /// A line per listed unit, with why, then a line per stage whose further units are only counted.
    static func unitLines(_ units: [BuildReport.RebuiltUnit], omitted: [String: Int]) -> [String] {
        units.map { "  \($0.stage) \($0.name): \($0.reasons.joined(separator: "; "))" }
            + omitted.sorted { $0.key < $1.key }.map {
                "  \($0.key): \($0.value) more unit(s), not listed (the first \(BuildReport.listedUnitsPerStage) are)"
            }
    }
}
