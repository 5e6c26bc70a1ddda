import Foundation
import MelshardCore

/// A benchmark's child process, measured from the outside: its own time, memory and CPU (from
/// `ChildRun`), and what every other process on the machine took from the cores meanwhile.
public struct MeasuredChild: Sendable {
    public var run: ChildRun
    /// CPU time every process on the machine used while the child ran (nil where /proc/stat is
    /// missing); minus the child's own, what other processes took from the cores meanwhile.
    public var machineCPUSeconds: Double?

    /// Runs `program` to its end, however it ends, with stdout and stderr in the given files
    /// (truncated first; they stay for inspection) and stdin empty.
    ///
    /// - Throws: `ChildProcessError` only when the program cannot start; the caller judges the status.
    public static func run(
        _ program: String, _ arguments: [String], stdoutPath: String,
        stderrPath: String
    ) throws(ChildProcessError) -> MeasuredChild {
        let child = ChildProcess(
            program, arguments, standardOutput: .file(stdoutPath),
            standardError: .file(stderrPath))
        let before = MachineCPU.busySeconds()
        let run = try child.start().wait()
        let after = MachineCPU.busySeconds()
        return MeasuredChild(run: run, machineCPUSeconds: before.flatMap { before in after.map { $0 - before } })
    }

    /// The average number of cores other processes kept busy while the child ran.
    public var otherCores: Double? { machineCPUSeconds.map { max(0, $0 - run.cpuSeconds) / run.seconds } }
}

extension ChildRun {
    /// `peakResidentBytes` in MiB, as the benchmark reports print it.
    public var peakRSSMiB: Double { Double(peakResidentBytes) / (1024 * 1024) }
}

/// A benchmark step that failed: a child's bad status, or a file the benchmark could not set up.
public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
}
