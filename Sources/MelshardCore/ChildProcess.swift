import Foundation

/// A program to run in a child process: what to run, with which arguments, environment, working
/// directory, input and time limit. The one way melshard and its tests start a process.
///
/// `run()` runs it to a successful exit; `start()` starts it and returns at once, for callers
/// that signal a running child or look at how it ended whatever the status.
///
/// Output goes through files, never pipes. A child that fills a pipe nobody is reading blocks
/// forever, and with two pipes (stdout and stderr) a parent can only drain one at a time; a
/// file never fills, and a captured stream's temporary file is unlinked as soon as it is open, so
/// nothing is left behind even if this process dies. No shell is involved: each argument
/// reaches the program as given, so names with spaces, `&` or quotes pass through untouched.
///
/// The child gets its own signal defaults and an empty signal mask, and inherits no file
/// descriptor beyond its three standard streams (a build's directory lock stays with the build).
public struct ChildProcess: Sendable {
    /// Where the child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`: the child reads end-of-file at once.
        case empty
        /// These bytes, from an unlinked temporary file (so a large input cannot block either side).
        case data(Data)
        /// The file at this path, opened by this process before the child starts.
        case file(String)
    }

    /// Where one of the child's output streams goes.
    public enum Output: Sendable {
        /// An unlinked temporary file, read into the `ChildRun` when the child ends.
        case captured
        /// The file at this path, created or truncated; it stays, and is also read into the `ChildRun`.
        case file(String)
        /// `/dev/null`; the `ChildRun` holds no bytes for it.
        case discarded
    }

    /// A path (absolute, or relative to `workingDirectory`), or a name looked up in the child's
    /// `PATH` (`/usr/local/bin:/usr/bin:/bin` when it has none).
    public var executable: String
    /// The arguments after the program's name (`argv[1...]`; `argv[0]` is `executable`).
    public var arguments: [String]
    /// Variables laid over this process's environment, or the whole environment when
    /// `inheritsEnvironment` is false.
    public var environment: [String: String]
    public var inheritsEnvironment: Bool
    /// The child's working directory; this process's own when nil.
    public var workingDirectory: String?
    public var standardInput: Input
    public var standardOutput: Output
    public var standardError: Output
    /// How long the child may run before it is killed with SIGKILL; no limit when nil.
    public var timeout: Duration?

    /// Describes a run; nothing starts until `run()` or `start()`.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        inheritsEnvironment: Bool = true, workingDirectory: String? = nil, standardInput: Input = .empty,
        standardOutput: Output = .captured, standardError: Output = .captured, timeout: Duration? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.inheritsEnvironment = inheritsEnvironment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timeout = timeout
    }

    /// Runs the child to its end and returns the run when it exited with status 0.
    ///
    /// - Throws: `ChildProcessError` when the child cannot start, exits with another status, is
    ///   killed by a signal or runs past `timeout`; the error holds the run, if there was one.
    @discardableResult
    public func run() throws(ChildProcessError) -> ChildRun {
        try start().wait().checked()
    }

    /// Starts the child and returns at once; `RunningChild.wait()` collects it.
    ///
    /// - Throws: `ChildProcessError` with reason `.launchFailed` when the program cannot be found
    ///   or executed, or a file for its streams or its working directory cannot be opened.
    public func start() throws(ChildProcessError) -> RunningChild {
        try ChildSpawn.start(self)
    }

    /// The program and its arguments as a shell would read them, quoted only where needed.
    public var commandLine: String {
        ([executable] + arguments).map(Self.shellQuoted).joined(separator: " ")
    }

    private static func shellQuoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
        if !word.isEmpty && word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
