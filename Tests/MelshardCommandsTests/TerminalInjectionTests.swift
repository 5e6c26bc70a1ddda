import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import MelshardCommands

/// Labels and paths from a hostile corpus (ESC sequences, newlines, a bell) are printed as
/// readable escapes by every text command, and kept exact in `--json`.
@Suite struct TerminalInjectionTests {
    /// A folder whose name clears the screen and forges a line, and a file that rings the bell.
    static let hostileLabel = "red\u{1B}[31m\u{1B}[2J\nforged"
    static let hostileFile = "x\u{07}\u{1B}]0;title\u{07}\nfake.wav"

    @Test func escapesControlCharactersAndLeavesOtherTextAlone() {
        #expect(TerminalText.escaped("jazz/jazz-001.wav: ok") == "jazz/jazz-001.wav: ok")
        #expect(TerminalText.escaped("café\\x") == "café\\x")
        #expect(
            TerminalText.escaped("a\u{1B}[2Jb\nc\rd\te\u{07}f\u{7F}g\u{9B}h")
                == "a\\e[2Jb\\nc\\rd\\te\\x07f\\x7fg\\u{9b}h")
        #expect(TerminalText.escaped("one\ntwo\u{1B}", keepingNewlines: true) == "one\ntwo\\e")
    }

    /// A real build of a folder corpus whose class folder and a rejected file name hold ESC and
    /// newline characters; status, rejects, plan, check, inspect and the build's own summary.
    @Test func textCommandsPrintNoRawControlCharacters() throws {
        let corpus = try FolderCorpusFixture(label: "hostile", classes: ["calm", Self.hostileLabel], filesPerClass: 4)
        // An empty file in the hostile class: a reject whose path holds a bell, ESC and a newline.
        #expect(
            FileManager.default.createFile(
                atPath: corpus.root + "/" + Self.hostileLabel + "/" + Self.hostileFile, contents: Data()))
        let out = corpus.directory.file("out")
        let build = try Melshard.run(["build", corpus.recipe, "--out", out])
        #expect(build.status == 0, "\(build.stderr)")
        let runs = [
            ("build", build),
            ("status", try Melshard.run(["status", out])),
            ("rejects", try Melshard.run(["rejects", out])),
            ("plan", try Melshard.run(["plan", out])),
            ("check", try Melshard.run(["check", out])),
            (
                "inspect",
                try Melshard.run([
                    "inspect", out, "--class", Self.hostileLabel, "--grid", corpus.directory.file("g.png"),
                ])
            ),
        ]
        for (name, run) in runs {
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let text = run.stdout + run.stderr
            #expect(
                !text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" },
                "\(name) printed raw control characters")
            #expect(!text.contains("\nforged"), "\(name) printed a forged line: \(text)")
        }
        let status = runs[1].1.stdout
        #expect(status.contains("red\\e[31m\\e[2J\\nforged"), "\(status)")
        let rejects = runs[2].1.stdout
        #expect(rejects.contains("x\\x07\\e]0;title\\x07\\nfake.wav"), "\(rejects)")
        #expect(runs[3].1.stdout.contains("red\\e[31m\\e[2J\\nforged"), "\(runs[3].1.stdout)")
        #expect(runs[5].1.stdout.contains("class red\\e[31m\\e[2J\\nforged"), "\(runs[5].1.stdout)")

        // JSON keeps the exact text, escaped only as JSON itself escapes.
        let json = try Melshard.run(["rejects", out, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(decoded.contains { ($0["path"] as? String)?.hasSuffix(Self.hostileFile) == true }, "\(json.stdout)")
        let statusJSON = try Melshard.run(["status", out, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [String: Any]
        #expect((object?["labels"] as? [String])?.contains(Self.hostileLabel) == true, "\(statusJSON.stdout)")
    }

    /// An error line naming a hostile path is escaped too, keeping the message one line.
    @Test func errorLinesEscapeThePath() throws {
        let directory = TemporaryDirectory("hostile-error")
        let missing = directory.file("no\u{1B}[2Jwhere")
        let run = try Melshard.run(["status", missing])
        #expect(run.status == 1)
        #expect(!run.stderr.unicodeScalars.contains("\u{1B}"), "\(run.stderr)")
        #expect(run.stderr.contains("no\\e[2Jwhere"), "\(run.stderr)")
    }
}
