import ArgumentParser
import Build
import Foundation

/// `melshard merge DIR`: folds the parts of a build into one output.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fold the parts of a build (`build --part I/N`) into index.sqlite, normalisation and dataset.json.",
        discussion: """
            Checks that every planned shard was written by its part, and names each part that is \
            missing or failed (exit 1). The result equals a one-machine build. See docs/cluster.md.
            """)

    @Argument(help: "The output directory the parts were built into.")
    var directory: String

    @Option(help: "How many parts the build was split into (default: the N of the part indexes in DIR/parts).")
    var parts: Int?

    @Flag(help: "Print the build report as JSON, fields in docs/build.md (default: off, a summary).")
    var json = false

    func validate() throws {
        if let parts, parts < 1 { throw ValidationError("--parts takes a number of parts ≥ 1, not \(parts)") }
    }

    func run() throws {
        let output = absolute(directory)
        let report = try BuildMerge.run(directory: output, parts: parts)
        for file in report.removedFiles { note("removed \(output)/\(file)") }
        for warning in report.warnings { note("warning: \(warning)") }
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
        } else {
            print(Self.summary(report))
        }
    }

    /// One line: how many shards came from the parts this time, and how many were merged before.
    static func summary(_ report: BuildReport) -> String {
        let shards = report.units["shard"] ?? .init()
        return "merged \(report.output): \(report.shards) shard(s) (\(shards.rebuilt) taken from the parts, "
            + "\(shards.reused) merged before), \(report.clips) clip(s) from \(report.sources) source(s), "
            + String(format: "in %.1f s", report.seconds)
    }
}
