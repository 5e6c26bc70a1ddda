import Foundation

/// A child process that could not start or did not exit with status 0.
///
/// It carries the command line and the end of the child's stderr, and its `description` says
/// all of it on one line, e.g. `ffmpeg -i a.mp4 out.wav exited with status 1: a.mp4: Invalid data`.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The program was not found or not executable, or a file for its streams or its
        /// working directory could not be opened; the text says which, with the system's reason.
        case launchFailed(String)
        /// It exited with this non-zero status.
        case exited(Int32)
        /// This signal ended it.
        case signalled(Int32)
        /// It ran longer than this and was killed with SIGKILL.
        case timedOut(Duration)
    }

    public var reason: Reason
    /// The program as the `ChildProcess` named it.
    public var program: String
    /// The program and its arguments, quoted where a shell would need it.
    public var commandLine: String
    /// The end of stderr on one line (see `ChildRun.stderrTail`); empty when there was none.
    public var stderrTail: String
    /// The finished run, with all of stdout and stderr; nil when the child never started.
    public var run: ChildRun?

    init(_ reason: Reason, run: ChildRun) {
        self.reason = reason
        program = run.program
        commandLine = run.commandLine
        stderrTail = run.stderrTail()
        self.run = run
    }

    init(launching process: ChildProcess, _ message: String) {
        reason = .launchFailed(message)
        program = process.executable
        commandLine = process.commandLine
        stderrTail = ""
        run = nil
    }

    public var description: String {
        let tail = stderrTail.isEmpty ? "" : ": " + stderrTail
        switch reason {
        case .launchFailed(let message):
            return "cannot start \(program): \(message)"
        case .exited(let status):
            return "\(commandLine) exited with status \(status)\(tail)"
        case .signalled(let signal):
            let name = Self.name(of: signal).map { " (\($0))" } ?? ""
            return "\(commandLine) was killed by signal \(signal)\(name)\(tail)"
        case .timedOut(let limit):
            return "\(commandLine) was killed after running longer than its \(Self.format(limit)) timeout\(tail)"
        }
    }

    /// The usual names, for a message a reader can act on without looking numbers up.
    private static func name(of signal: Int32) -> String? {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        ]
        return names[signal]
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return String(format: "%g s", seconds)
    }
}
