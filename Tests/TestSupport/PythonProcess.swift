import Foundation
import MelshardCore

/// `python3` as a subprocess, for the tests that check shards the way users read them (numpy,
/// safetensors, torch), through `ChildProcess`, whose output goes to files, so nothing can block
/// on a full pipe.
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
        // Through env, so a missing python3 is status 127 rather than a launch failure.
        let run = try ChildProcess("/usr/bin/env", ["python3"] + arguments, workingDirectory: directory).start().wait()
        return Outcome(status: run.status, stdout: run.stdoutText, stderr: run.stderrText)
    }

    /// Whether python3 can import `module`.
    public static func has(_ module: String) -> Bool {
        (try? run(["-c", "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('\(module)') else 1)"]))?
            .status == 0
    }
}
