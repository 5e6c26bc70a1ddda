import ArgumentParser
import Foundation
import Pictures

/// `melshard report DIR`: the dataset card as a page a person reads.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a static HTML page about a build (classes, rejects, spectrograms) or a run (metrics, config).",
        discussion:
            "The page is one file with everything inline (CSS, SVG charts, PNGs as data: URIs); it loads nothing "
            + "from the network. On a run folder: curves, metrics, confusion matrix and config.json (docs/evaluate.md)."
    )

    @Argument(help: "An output directory of `melshard build` or `melshard demo`, or a run folder of `melshard train`.")
    var directory: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Where to write the page (default: DIR/report.html).", valueName: "FILE"))
    var out: String?

    @Option(parsing: .unconditional, help: "Example spectrograms per class.")
    var examples = 2

    func validate() throws {
        guard examples >= 0 else { throw ValidationError("--examples takes a number ≥ 0, not \(examples)") }
    }

    func run() throws {
        let path = out ?? (directory as NSString).appendingPathComponent("report.html")
        if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("folds.json")) {
            try RunReport.foldsPage(parent: absolute(directory)).write(to: absolute(path))
            print("\(path): report on the folds in \(directory)")
            return
        }
        if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("config.json")) {
            try RunReport.page(run: absolute(directory)).write(to: absolute(path))
            print("\(path): report on the run \(directory)")
            return
        }
        do {
            let output = try BuildOutput(directory: absolute(directory))
            try ReportPage(examplesPerClass: examples).write(for: output, to: absolute(path))
        }
        print("\(path): report on \(directory)")
    }
}
