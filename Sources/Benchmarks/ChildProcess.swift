import Foundation

/// One finished child process, measured from the outside.
public struct ChildRun: Sendable {
    public var program: String
    public var arguments: [String]
    /// The exit code, or 128 + the signal's number when a signal ended the process.
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// Wall time from `posix_spawn` to the child's exit.
    public var seconds: Double
    /// The child's own peak resident set size (`ru_maxrss` from `wait4` for this one pid), in bytes.
    public var peakRSSBytes: Int64
    /// The child's user + system CPU time (from the same `rusage`).
    public var cpuSeconds: Double
    /// CPU time every process on the machine used while the child ran (nil where /proc/stat is
    /// missing); minus `cpuSeconds`, what other processes took from the cores meanwhile.
    public var machineCPUSeconds: Double?

    /// The average number of cores other processes kept busy while the child ran.
    public var otherCores: Double? { machineCPUSeconds.map { max(0, $0 - cpuSeconds) / seconds } }

    public var peakRSSMiB: Double { Double(peakRSSBytes) / (1024 * 1024) }
    public var commandLine: String { ([program] + arguments).joined(separator: " ") }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
}

/// Runs a program in a fresh process and measures it with `wait4`, which reports the resource
/// usage of exactly that child (not of every child, as `getrusage(RUSAGE_CHILDREN)` would).
///
/// The child's stdout and stderr go to files, not pipes, so a chatty child can never block on a
/// full pipe while the parent waits, and the files stay behind for inspection.
public enum ChildProcess {
    #if os(Linux)
    /// Linux reports `ru_maxrss` in KiB, Darwin in bytes.
    static let maxRSSUnit: Int64 = 1024
    #else
    static let maxRSSUnit: Int64 = 1
    #endif

    /// - Parameters:
    ///   - program: a path, or a name looked up in `PATH`.
    ///   - stdoutPath, stderrPath: where the child's output goes (truncated first).
    public static func run(_ program: String, _ arguments: [String], stdoutPath: String, stderrPath: String) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        var pid: pid_t = 0
        let machineBefore = MachineCPU.busySeconds()
        let start = ContinuousClock.now
        let spawned = argv.withUnsafeBufferPointer { args in
            program.contains("/")
                ? posix_spawn(&pid, program, &actions, nil, args.baseAddress!, environ)
                : posix_spawnp(&pid, program, &actions, nil, args.baseAddress!, environ)
        }
        guard spawned == 0 else {
            throw ChildProcessError(description: "cannot start \(program): \(String(cString: strerror(spawned)))")
        }

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw ChildProcessError(description: "wait4 for \(program): \(String(cString: strerror(errno)))") }
        }
        let elapsed = ContinuousClock.now - start
        let machineAfter = MachineCPU.busySeconds()
        // The <sys/wait.h> macros are not imported into Swift: low 7 bits are the signal, if any.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return ChildRun(program: program, arguments: arguments, status: code,
                        stdout: (try? Data(contentsOf: URL(fileURLWithPath: stdoutPath))) ?? Data(),
                        stderr: (try? Data(contentsOf: URL(fileURLWithPath: stderrPath))) ?? Data(),
                        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                        peakRSSBytes: Int64(usage.ru_maxrss) * maxRSSUnit,
                        cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                        machineCPUSeconds: machineBefore.flatMap { before in machineAfter.map { $0 - before } })
    }
}

private func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }

/// The machine's busy CPU time so far, from the first line of /proc/stat: everything but idle
/// and iowait, summed over cores.
public enum MachineCPU {
    public static func busySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 4 else { return nil }
        let idle = fields[3] + (fields.count > 4 ? fields[4] : 0)
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice.
        let total = fields.prefix(8).reduce(0, +)
        return (total - idle) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The 1-minute load average.
    public static func loadAverage() -> Double? {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) >= 1 ? loads[0] : nil
    }
}
