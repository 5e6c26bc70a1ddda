import Foundation

/// How a child process ended.
public enum ChildTermination: Sendable, Equatable {
    /// It exited with this status (0 is success).
    case exited(Int32)
    /// A signal ended it (not one the runner sent for a timeout).
    case signalled(Int32)
    /// It ran longer than this timeout and the runner killed it with SIGKILL.
    case timedOut(Duration)
}

/// One finished child process: how it ended, what it wrote, and what it cost.
public struct ChildRun: Sendable {
    /// The program as the `ChildProcess` named it, and its arguments.
    public var program: String
    public var arguments: [String]
    public var termination: ChildTermination
    /// What the child wrote to stdout and stderr; empty for a discarded stream.
    public var stdout: Data
    public var stderr: Data
    /// Wall time from the spawn to the child's exit.
    public var duration: Duration
    /// The child's own peak resident set size, in bytes: `ru_maxrss` from `wait4` for this one
    /// pid, not `getrusage(RUSAGE_CHILDREN)`, which would mix in every other child.
    public var peakResidentBytes: Int64
    /// The child's user + system CPU time, from the same `rusage`.
    public var cpuSeconds: Double

    /// stdout decoded as UTF-8, an invalid byte replaced rather than losing the rest.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr decoded as UTF-8, an invalid byte replaced rather than losing the rest.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// `duration` in seconds.
    public var seconds: Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// The status as a shell's `$?` gives it: the exit status, or 128 + the signal's number.
    public var status: Int32 {
        switch termination {
        case .exited(let status): status
        case .signalled(let signal): 128 + signal
        case .timedOut: 128 + SIGKILL
        }
    }

    /// The program and its arguments as a shell would read them.
    public var commandLine: String { ChildProcess(program, arguments).commandLine }

    /// The end of stderr on one line (non-empty lines trimmed and joined with " | "), at most
    /// `limit` characters: where a failing program usually says what went wrong.
    public func stderrTail(limit: Int = 600) -> String {
        let lines = stderrText.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let text = lines.joined(separator: " | ")
        return text.count > limit ? "…" + text.suffix(limit) : text
    }

    /// This run when it exited with status 0.
    ///
    /// - Throws: `ChildProcessError` for any other ending, holding this run.
    public func checked() throws(ChildProcessError) -> ChildRun {
        switch termination {
        case .exited(0): return self
        case .exited(let status): throw ChildProcessError(.exited(status), run: self)
        case .signalled(let signal): throw ChildProcessError(.signalled(signal), run: self)
        case .timedOut(let limit): throw ChildProcessError(.timedOut(limit), run: self)
        }
    }
}
