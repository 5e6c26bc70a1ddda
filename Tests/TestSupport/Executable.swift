import Foundation

/// Runs the built `melshard` executable as a real subprocess, as a user would.
public enum Melshard {
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when `killedBySignal`.
        public var status: Int32
        public var killedBySignal = false
        public var stdout: String
        public var stderr: String
    }

    /// The executable next to the test bundle in the build products folder.
    public static var executable: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("melshard")
    }

    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let child = try runCapturingOutput(executable: executable, arguments: arguments, environment: environment)
        return Outcome(status: child.status, killedBySignal: child.killedBySignal, stdout: child.stdout, stderr: child.stderr)
    }
}

/// How a child process ended and everything it wrote.
struct ChildOutput: Sendable {
    /// The exit status, or the signal number when `killedBySignal`.
    var status: Int32
    var killedBySignal: Bool
    var stdout: String
    var stderr: String
}

/// Runs `executable` to completion with `environment` laid over this process's own, in
/// `directory` (the current one when nil).
///
/// The child writes to files rather than pipes: with pipes, a child that fills the stderr pipe
/// while the parent is still draining stdout blocks forever, and so does the test.
func runCapturingOutput(executable: URL, arguments: [String], environment: [String: String] = [:],
                        directory: String? = nil) throws -> ChildOutput {
    let scratch = TemporaryDirectory("child-output")
    // The paths are plain strings, so without this the directory could be removed as soon as
    // they are made, before the child has written anything.
    return try withExtendedLifetime(scratch) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdoutURL = URL(fileURLWithPath: scratch.file("stdout")), stderrURL = URL(fileURLWithPath: scratch.file("stderr"))
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL), stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        // Lossy decoding, so a stray invalid byte still leaves the rest readable in a failure message.
        func text(_ url: URL) -> String { String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return ChildOutput(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                           stdout: text(stdoutURL), stderr: text(stderrURL))
    }
}
