import ArgumentParser
import Build
import Foundation

/// `melshard plan DIR`: per class and split, the sources, clips and oversampling of the plan.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Show the clip plan per class and split: sources, clips, clips per source (mean and max), crops per source.",
        discussion:
            "Counts are of planned clips (the index's clips table). 'found' is the number of sources carrying the class "
            + "before balancing. With splits.method = \"kfold\", each fold is listed too.")

    @Argument(help: "An output directory of `melshard build`.")
    var directory: String

    @Flag(help: "Print the plan as JSON, fields in docs/build.md (default: off, a table).")
    var json = false

    func run() throws {
        let report = try PlanReport.read(directory: absolute(directory))
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
            return
        }
        var lines = ["\(report.output ?? directory)"]
        if let n = report.perClass { lines.append("clips.per_class: \(n)") }
        if let k = report.folds {
            lines.append("folds: \(k) (fold k's test set is fold k; its training set, every other fold)")
        }
        let width = max(5, report.classes.map(\.label).map(\.count).max() ?? 0)
        let header = "label".padding(toLength: width, withPad: " ", startingAt: 0)
        lines.append(
            "  \(header)  " + "split".padding(toLength: 10, withPad: " ", startingAt: 0)
                + [("found", 8), ("sources", 9), ("clips", 9), ("per source mean / max", 22)].map { right($0, $1) }
                .joined() + "  crops per source")
        for row in report.classes {
            var cells: [(String, PlanReport.Cell)] = [("all", row.total)]
            cells += ["train", "validation", "test"].compactMap { s in row.splits[s].map { (s, $0) } }
            cells += row.splits.keys.filter { !["train", "validation", "test"].contains($0) }.sorted().map {
                ($0, row.splits[$0]!)
            }
            cells += row.folds.keys.sorted { Int($0)! < Int($1)! }.map { ("fold \($0)", row.folds[$0]!) }
            for (i, (name, cell)) in cells.enumerated() {
                let label = (i == 0 ? row.label : "").padding(toLength: width, withPad: " ", startingAt: 0)
                let found = i == 0 ? String(row.sourcesFound) : ""
                let crops = cell.cropsPerSource.sorted { Int($0.key)! < Int($1.key)! }.map { "\($0.key)×\($0.value)" }
                    .joined(separator: " ")
                lines.append(
                    "  \(label)  " + name.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + right(found, 8)
                        + String(
                            format: " %8d %8d %14.2f / %-4d", cell.sources, cell.clips, cell.meanClipsPerSource,
                            cell.maxClipsPerSource)
                        + "  " + crops
                        + (cell.occurrences.map { n in
                            String(
                                format: "  (word: %d occurrences, %.2f / %d clips per occurrence)", n,
                                cell.meanClipsPerOccurrence ?? 0, cell.maxClipsPerOccurrence ?? 0)
                        } ?? ""))
            }
        }
        print(lines.map { TerminalText.escaped($0) }.joined(separator: "\n"))
    }

    /// `text` right-aligned in `width` columns (`%7@` does not pad on every platform).
    private func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
