import Foundation

/// A child process started by `ChildProcess.start()`: signal it while it runs, then `wait()`.
///
/// Its pid cannot be reused behind its back: the child is looked at with `waitid(WNOWAIT)` and
/// reaped only by `wait()`, after which `kill` does nothing. Call `wait()` once the child is no
/// longer needed; an uncollected child stays a zombie until this process exits.
public final class RunningChild: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// What was started.
    public let process: ChildProcess

    private let started: ContinuousClock.Instant
    private var stdoutFile: StreamFile?, stderrFile: StreamFile?
    /// Guards `ended` and `killedAtTimeout`, so no signal is sent once `wait()` may reap the pid.
    private let state = NSLock()
    private var ended = false
    private var killedAtTimeout = false
    private var timer: DispatchSourceTimer?
    /// Serialises `wait()`, which collects the child once and then returns the same run.
    private let collecting = NSLock()
    private var finished: ChildRun?

    init(
        pid: pid_t, process: ChildProcess, started: ContinuousClock.Instant, stdout: StreamFile?,
        stderr: StreamFile?
    ) {
        self.pid = pid
        self.process = process
        self.started = started
        stdoutFile = stdout
        stderrFile = stderr
        if let timeout = process.timeout { startTimer(timeout) }
    }

    deinit { timer?.cancel() }

    /// Whether the child has not yet ended.
    public var isRunning: Bool {
        state.withLock {
            guard !ended else { return false }
            var info = siginfo_t()
            guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
            // With WNOHANG, a child that has not ended leaves the pid field zero.
            return info._sifields._sigchld.si_pid == 0
        }
    }

    /// Sends `signal` to the child, unless `wait()` has already seen it end.
    public func kill(_ signal: Int32 = SIGKILL) {
        state.withLock {
            if !ended { _ = sendSignal(pid, signal) }
        }
    }

    /// Asks the child to stop (SIGTERM).
    public func terminate() { kill(SIGTERM) }

    /// Waits for the child to end, however it ends, and returns the run; `ChildRun.checked()`
    /// turns an ending other than status 0 into a `ChildProcessError`.
    public func wait() -> ChildRun {
        collecting.withLock {
            if let finished { return finished }
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
                precondition(errno == EINTR, "waitid(\(pid)): \(String(cString: strerror(errno))); is SIGCHLD ignored?")
            }
            let elapsed = ContinuousClock.now - started
            let timedOut = state.withLock {
                ended = true
                return killedAtTimeout
            }
            timer?.cancel()
            var status: Int32 = 0
            var usage = rusage()
            while wait4(pid, &status, 0, &usage) < 0 {
                precondition(errno == EINTR, "wait4(\(pid)): \(String(cString: strerror(errno)))")
            }
            let run = ChildRun(
                program: process.executable, arguments: process.arguments,
                termination: Self.termination(status, timedOut: timedOut ? process.timeout : nil),
                stdout: stdoutFile?.readAll() ?? Data(), stderr: stderrFile?.readAll() ?? Data(),
                duration: elapsed,
                peakResidentBytes: Int64(usage.ru_maxrss) * Self.maxRSSUnit,
                cpuSeconds: Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime))
            stdoutFile = nil
            stderrFile = nil
            finished = run
            return run
        }
    }

    private func startTimer(_ timeout: Duration) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = min(max(seconds, 0), 1 << 32) * 1_000_000_000 + max(attoseconds, 0) / 1_000_000_000
        timer.schedule(deadline: .now() + .nanoseconds(Int(nanoseconds)))
        timer.setEventHandler { [weak self] in self?.killAtTimeout() }
        self.timer = timer
        timer.resume()
    }

    private func killAtTimeout() {
        state.withLock {
            guard !ended else { return }
            killedAtTimeout = true
            _ = sendSignal(pid, SIGKILL)
        }
    }

    /// The <sys/wait.h> macros are not imported into Swift: the low 7 bits are the signal, if
    /// any (0x80 marks a core dump), and the next 8 the exit status.
    private static func termination(_ status: Int32, timedOut limit: Duration?) -> ChildTermination {
        let signal = status & 0x7F
        if signal == 0 { return .exited((status >> 8) & 0xFF) }
        if let limit, signal == SIGKILL { return .timedOut(limit) }
        return .signalled(signal)
    }

    /// Linux reports `ru_maxrss` in KiB.
    private static let maxRSSUnit: Int64 = 1024

    private static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
}

/// `kill(2)`, out of reach by that name inside `RunningChild`, whose own `kill` hides it.
private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 { kill(pid, signal) }
