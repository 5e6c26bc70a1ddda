import ArgumentParser
import Build
import Foundation

/// `melshard check DIR`: fails when a group, a source or identical audio straddles splits or folds.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check the plan for leakage: exit 1 when any group, source or identical audio is in more than one split or fold.",
        discussion:
            "Identical audio is judged by sources.content_hash. Each leak is listed with the splits (and folds) it is in."
    )

    @Argument(help: "An output directory of `melshard build`.")
    var directory: String

    @Flag(
        help:
            "Print {output, groups, sources, clips, leaks: [{kind, name, places, sources}], passed} as JSON (default: off, one line per leak)."
    )
    var json = false

    func run() throws {
        let check = try LeakageCheck.run(directory: absolute(directory))
        if json {
            print(String(decoding: try JSONOutput.encode(check), as: UTF8.self))
        } else if check.passed {
            print(
                "no leakage: \(check.groups) group(s), \(check.sources) source(s), \(check.clips) clip(s), each group, source and audio in one split"
            )
        } else {
            print("leakage: \(check.leaks.count) item(s) in more than one split or fold")
            for leak in check.leaks { print(TerminalText.escaped("  \(leak)")) }
        }
        if !check.passed { throw ExitCode.failure }
    }
}
