import ArgumentParser
import Build
import Foundation

/// `melshard status DIR`: what a build holds, what it rejected, and what is stale.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show classes, clips per class and split, shards, rejects by reason, and what is stale.")

    @Argument(help: "An output directory of `melshard build`.")
    var directory: String

    @Flag(help: "Print the status as JSON, fields in docs/build.md (default: off, a table).")
    var json = false

    func run() throws {
        let report = try StatusReport.read(directory: absolute(directory))
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
            return
        }
        guard report.merged else {
            let lines =
                ["\(report.output)"] + Self.partLines(report.parts) + ["merged: no (\(report.stale.error ?? ""))"]
            print(lines.map { TerminalText.escaped($0) }.joined(separator: "\n"))
            return
        }
        var lines = ["\(report.output)", "recipe: \(report.recipe ?? "unknown")", "sources: \(report.sources)"]
        let splits = ["train", "validation", "test"].filter { report.clipsPerSplit[$0] != nil }
        lines.append("clips: " + splits.map { "\($0) \(report.clipsPerSplit[$0]!)" }.joined(separator: ", "))
        let width = max(5, report.labels.map(\.count).max() ?? 0)
        lines.append(
            "  " + "label".padding(toLength: width, withPad: " ", startingAt: 0)
                + splits.map { String(format: " %10@", $0) }.joined())
        lines[lines.count - 1] += "   found →  used  planned  per source mean / max"
        for label in report.labels {
            let counts = splits.map { String(format: " %10d", report.clips[$0]?[label] ?? 0) }.joined()
            let b = report.balance[label]
            let balance =
                b.map {
                    String(
                        format: "   %5d → %5d %8d %15.2f / %d", $0.sourcesFound, $0.sourcesUsed, $0.clips,
                        $0.meanClipsPerSource,
                        $0.maxClipsPerSource)
                } ?? ""
            lines.append("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + counts + balance)
        }
        lines.append(
            "shards: "
                + report.shards.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        lines.append(
            "rejects: \(report.rejectsTotal)"
                + (report.rejects.isEmpty
                    ? ""
                    : " ("
                        + report.rejects.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                            separator: ", ") + ")"))
        if !report.stale.checked {
            lines.append("stale: unknown (\(report.stale.error ?? ""))")
        } else if report.stale.units.isEmpty && report.stale.removedShards.isEmpty {
            lines.append("stale: nothing; a build now would reuse everything")
        } else {
            let omitted = report.stale.unitsOmitted ?? [:]
            lines.append("stale: \(report.stale.units.count + omitted.values.reduce(0, +)) unit(s) would be rebuilt")
            lines += BuildSummary.unitLines(report.stale.units, omitted: omitted)
        }
        lines += Self.partLines(report.parts)
        print(lines.map { TerminalText.escaped($0) }.joined(separator: "\n"))
    }

    /// `parts: 3 of 4 done, 1 partial` and a line per part.
    static func partLines(_ parts: [PartProgress]) -> [String] {
        guard !parts.isEmpty else { return [] }
        var lines: [String] = []
        for (count, group) in Dictionary(grouping: parts, by: \.parts).sorted(by: { $0.key < $1.key }) {
            let states = PartProgress.State.allCases.compactMap { state -> String? in
                let n = group.filter { $0.state == state }.count
                return n == 0 ? nil : "\(n) \(state.rawValue)"
            }
            lines.append("parts: \(count) (" + states.joined(separator: ", ") + ")")
            for p in group {
                let planned = p.shardsPlanned.map { " of \($0)" } ?? ""
                lines.append(
                    "  part \(p.part)/\(p.parts): \(p.state.rawValue), \(p.shardsWritten)\(planned) shard(s) written")
            }
        }
        return lines
    }
}
