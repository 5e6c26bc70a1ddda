import ArgumentParser
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import MelshardCommands

private typealias Root = MelshardCommands.Melshard

/// How failures reach the user: one line, the path once, exit code 1; usage errors stay 64.
@Suite struct ErrorPresentationTests {
    let directory = TemporaryDirectory("error-presentation")

    @Test func foundationFileErrorsBecomePathAndReason() {
        let underlying = CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: "/out/corpora",
                NSUnderlyingErrorKey: POSIXError(.ENOTDIR),
            ])
        #expect(ErrorPresentation.message(for: underlying) == "/out/corpora: not a directory")
        let plain = CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/root/x"])
        #expect(ErrorPresentation.message(for: plain) == "/root/x: permission denied")
        let posix = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC), userInfo: [NSFilePathErrorKey: "/full/disk"])
        #expect(ErrorPresentation.message(for: posix) == "/full/disk: no space left on device")
    }

    @Test func melshardErrorsKeepTheirOwnLine() {
        #expect(
            ErrorPresentation.message(for: CommandFailure("/d: no clip of class 'x'")) == "/d: no clip of class 'x'")
        let presented = ErrorPresentation.presentable(
            FileError(path: "/a.wav", operation: "open", message: "no such file"), for: Root.self)
        #expect("\(presented)" == "\(FileError(path: "/a.wav", operation: "open", message: "no such file"))")
    }

    @Test func argumentParserErrorsPassThroughWithTheirCodes() {
        #expect(ErrorPresentation.presentable(ExitCode.failure, for: Root.self) is ExitCode)
        #expect(ErrorPresentation.presentable(ValidationError("bad"), for: Root.self) is ValidationError)
        #expect(ErrorPresentation.presentable(CleanExit.message("hi"), for: Root.self) is CleanExit)
    }

    /// The real executable: each failure is `Error: ` and one line naming the path once, exit 1.
    @Test func commandsPrintOneLineNamingThePathOnce() throws {
        let file = directory.file("plain-file")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let missingRecipe = directory.file("missing.toml")
        let badRecipe = directory.file("bad.toml")
        try Data("x = [1,\n".utf8).write(to: URL(fileURLWithPath: badRecipe))
        let cases: [(arguments: [String], path: String)] = [
            (["build", missingRecipe, "--out", directory.file("out")], missingRecipe),
            (["build", badRecipe, "--out", directory.file("out")], badRecipe + ":1"),
            (["status", directory.file("nowhere")], directory.file("nowhere")),
            (["demo", "--out", file], file),
        ]
        for (arguments, path) in cases {
            let run = try TestSupport.Melshard.run(arguments)
            let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(
                errors.count == 1 && run.stderr.hasSuffix(errors.first.map { $0 + "\n" } ?? "-"),
                "\(arguments): \(run.stderr)")
            #expect(errors.first?.hasPrefix("Error: \(path)") == true, "\(arguments): \(run.stderr)")
            #expect(errors.first.map { $0.components(separatedBy: path).count - 1 } == 1, "path twice: \(run.stderr)")
            #expect(!run.stderr.contains("Domain="), "a Foundation dump: \(run.stderr)")
        }
        let usage = try TestSupport.Melshard.run(["status", "--bogus"])
        #expect(usage.status == 64)
    }
}
