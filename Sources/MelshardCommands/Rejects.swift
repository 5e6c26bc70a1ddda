import ArgumentParser
import Build
import Foundation
import MelshardCore

/// `melshard rejects DIR`: every input a build could not use, with file, line and reason.
struct Rejects: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every reject of a build: the file, the manifest line, the stage and the reason.",
        discussion:
            "Rows marked 'kept' are warnings: the input was used (exact duplicate audio is kept, grouped with its twin)."
    )

    @Argument(help: "An output directory of `melshard build`.")
    var directory: String

    @Option(help: "Only rejects with this reason code, e.g. missing-file (default: every code).")
    var code: String?

    @Flag(help: "Print a JSON array of {corpus, path, line, stage, code, reason, kept} (default: off, one line each).")
    var json = false

    func run() throws {
        var rejects = try RejectList.read(directory: absolute(directory))
        if let code { rejects = rejects.filter { $0.code == code } }
        if json {
            print(String(decoding: try JSONOutput.encode(rejects), as: UTF8.self))
            return
        }
        if rejects.isEmpty {
            print("no rejects")
            return
        }
        for reject in rejects { print(reject.description) }
    }
}
