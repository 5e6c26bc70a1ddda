import ArgumentParser
import Build
import Foundation

/// `melshard verify DIR`: every shard against the index; non-zero exit when anything is damaged.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check the index's integrity and every shard's sha256, header, dtypes, shapes and clip ids against the index.",
        discussion: """
            Exits 1 when the index or any shard is damaged; the next `melshard build` rewrites damaged \
            shards, and refuses a damaged index with how to recover.
            """)

    @Argument(help: "An output directory of `melshard build`.")
    var directory: String

    @Flag(help: "Print the report as JSON, fields in docs/build.md (default: off, a table).")
    var json = false

    func run() throws {
        let report = try Verifier.verify(directory: absolute(directory))
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
        } else {
            let problems = report.damaged.count + report.indexProblems.count
            print(
                "checked \(report.shardsChecked) shard(s), \(report.bytesChecked) bytes: \(report.ok ? "all intact" : "\(problems) problem(s)")"
            )
            for problem in report.indexProblems { print("  index.sqlite: \(TerminalText.escaped(problem))") }
            if !report.indexProblems.isEmpty { print("  \(IndexDamage.recovery)") }
            for d in report.damaged { print("  \(TerminalText.escaped(d.file)): \(TerminalText.escaped(d.problem))") }
            for f in report.unrecordedFiles { print("  shards/\(TerminalText.escaped(f)): not in the index (ignored)") }
        }
        if !report.ok { throw ExitCode.failure }
    }
}
