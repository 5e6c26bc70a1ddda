import ArgumentParser
import Foundation
import Pictures

/// `melshard report DIR`: the dataset card as a page a person reads.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write a static HTML page about a build: classes before and after balancing, rejects by reason, example spectrograms, features.",
        discussion:
            "The page is one file with everything inline (CSS, SVG charts, PNGs as data: URIs); it loads nothing from the network."
    )

    @Argument(help: "An output directory of `melshard build` or `melshard demo`.")
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
        do {
            let output = try BuildOutput(directory: absolute(directory))
            try ReportPage(examplesPerClass: examples).write(for: output, to: absolute(path))
        }
        print("\(path): report on \(directory)")
    }
}
