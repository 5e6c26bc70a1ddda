import Foundation

/// `python3` as a subprocess, for the tests that check shards the way users read them (numpy,
/// safetensors, torch). Output goes to files, not pipes, so nothing can block on a full pipe.
public enum PythonProcess {
    public struct Outcome: Sendable {
        /// 127 when python3 is not on PATH.
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, for failure messages.
        public var output: String { stdout + stderr }
    }

    /// Runs `python3 ARGUMENTS` in `directory` (the current one when nil).
    public static func run(_ arguments: [String], in directory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let scratch = TemporaryDirectory("python")
        let stdoutPath = scratch.file("stdout"), stderrPath = scratch.file("stderr")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// Whether python3 can import `module`.
    public static func has(_ module: String) -> Bool {
        (try? run(["-c", "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('\(module)') else 1)"]))?.status == 0
    }
}
