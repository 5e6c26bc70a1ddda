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

    @Option(
        help: ArgumentHelp(
            "Only rejects with this reason code, e.g. missing-file (default: every code). A code no reject has "
                + "prints the codes the build has, and exits 0."))
    var code: String?

    @Flag(help: "Print a JSON array of {corpus, path, line, stage, code, reason, kept} (default: off, one line each).")
    var json = false

    func run() throws {
        let all = try RejectList.read(directory: absolute(directory))
        let rejects = code.map { code in all.filter { $0.code == code } } ?? all
        if json {
            print(String(decoding: try JSONOutput.encode(rejects), as: UTF8.self))
            return
        }
        if rejects.isEmpty {
            // Codes are open-ended (each stage adds its own), so an unknown code is not a usage
            // error: the build simply has none of it, and the user is told which it does have.
            let present = Set(all.map(\.code)).sorted()
            print(
                TerminalText.escaped(
                    code.map { code in
                        "no reject has code \(code); "
                            + (present.isEmpty
                                ? "this build has no rejects" : "codes present: " + present.joined(separator: ", "))
                    } ?? "no rejects"))
            return
        }
        for reject in rejects { print(TerminalText.escaped(reject.description)) }
    }
}
