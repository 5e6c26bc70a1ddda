import Foundation
import MelshardCore
import TestSupport
import Testing

/// Two `melshard demo` runs into one folder: the second fails at once with one line, the first
/// finishes, and neither leaves a temporary file behind (nor the one a killed run left before).
@Suite struct DemoOverlapTests {
    @Test func aSecondDemoIntoTheSameFolderFailsAtOnceAndNothingTemporaryIsLeft() throws {
        let directory = TemporaryDirectory("demo-overlap")
        let out = directory.file("demo")
        // What a demo killed while writing a clip leaves: the next run must clear it.
        let blues = out + "/corpora/gtzan/genres/blues"
        try FileManager.default.createDirectory(atPath: blues, withIntermediateDirectories: true)
        let stale = blues + "/" + DurableFile.temporaryPrefix + "blues.00000.au-99999"
        FileManager.default.createFile(atPath: stale, contents: Data("half".utf8))

        let first = try Melshard.child(["demo", "--out", out, "--jobs", "1"]).start()
        // The first run holds the lock from its first step; wait until it has started writing.
        let deadline = Date().addingTimeInterval(60)
        while first.isRunning && !FileManager.default.fileExists(atPath: blues + "/blues.00000.au")
            && Date() < deadline
        {
            usleep(20_000)
        }
        #expect(first.isRunning, "the first demo ended before the second could overlap it")
        let started = Date()
        let second = try Melshard.run(["demo", "--out", out, "--jobs", "1"])
        let seconds = Date().timeIntervalSince(started)
        let firstWasRunning = first.isRunning
        let firstRun = first.wait()

        #expect(firstWasRunning, "the second demo did not overlap the first")
        #expect(second.status == 1, "\(second.stderr)")
        let errors = second.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(errors.count == 1 && second.stderr.hasSuffix((errors.first ?? "") + "\n"), "\(second.stderr)")
        #expect(errors.first?.contains(out + "/" + DirectoryLock.fileName) == true, "\(second.stderr)")
        #expect(errors.first?.contains("locked") == true, "\(second.stderr)")
        #expect(!second.stderr.contains("Domain="), "\(second.stderr)")
        #expect(seconds < 5, "the second demo waited \(seconds) s instead of failing at once")

        guard case .exited(0) = firstRun.termination else {
            Issue.record("the first demo failed: \(firstRun.termination) \(firstRun.stderrText)")
            return
        }
        let temporaries = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(DurableFile.temporaryPrefix) }
        #expect(temporaries.isEmpty, "left behind: \(temporaries)")
    }
}
