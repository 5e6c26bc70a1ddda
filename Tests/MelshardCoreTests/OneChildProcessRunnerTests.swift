import Foundation
import Testing

/// Keeps "one child-process runner" true: no Swift file in Sources or Tests creates a process
/// or waits for one, except the runner's own files in MelshardCore.
@Suite struct OneChildProcessRunnerTests {
    /// The package root, three levels above this file (Tests/MelshardCoreTests/ThisFile.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let runnerFiles: Set<String> = [
        "Sources/MelshardCore/ChildSpawn.swift", "Sources/MelshardCore/RunningChild.swift",
    ]

    /// Split in two, so that this file does not match its own patterns.
    static let patterns = [
        ["Process", "()"], ["Foundation.", "Process"], ["posix", "_spawn"],
        ["wait", "pid("], ["wait", "4("], ["wait", "id("], ["Pipe", "()"],
        ["fork", "()"], ["popen", "("], ["exec", "v("], ["exec", "vp("],
    ].map { $0.joined() }

    @Test func onlyTheRunnerStartsOrWaitsForProcesses() throws {
        var offenders: [String] = []
        for folder in ["Sources", "Tests"] {
            let enumerator = try #require(FileManager.default.enumerator(atPath: Self.root + "/" + folder))
            for case let relative as String in enumerator where relative.hasSuffix(".swift") {
                let path = folder + "/" + relative
                guard !Self.runnerFiles.contains(path) else { continue }
                let text = try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
                for pattern in Self.patterns where text.contains(pattern) { offenders.append("\(path): \(pattern)") }
            }
        }
        #expect(offenders.isEmpty, "use MelshardCore's ChildProcess instead: \(offenders)")
        // The scan saw the tree, not an empty folder.
        let runner = try String(contentsOfFile: Self.root + "/Sources/MelshardCore/ChildSpawn.swift", encoding: .utf8)
        #expect(runner.contains(Self.patterns[2]))
    }
}
