import Foundation
import MelshardCore

/// One measured command of `melshard bench scale`: a child process like `MeasuredChild`'s (wall
/// time from spawn to exit, peak RSS and CPU from `wait4`), watched while it runs so that a plan
/// whose memory grows with the clips cannot take the shared machine down: past `rssLimitMiB`
/// (read from /proc/PID/status every quarter second) or `timeLimitSeconds` it is killed, and the
/// step is recorded as stopped, with the time and memory it had reached.
struct ScaleChild {
    var executable: String
    var rssLimitMiB: Double
    var timeLimitSeconds: Double

    func run(_ arguments: [String], stdoutPath: String, stderrPath: String) throws -> (ScaleStep, ChildRun) {
        let load = MachineCPU.loadAverage()
        let before = MachineCPU.busySeconds()
        let child = try ChildProcess(
            executable, arguments, standardOutput: .file(stdoutPath), standardError: .file(stderrPath),
            timeout: .milliseconds(Int64(timeLimitSeconds * 1000))
        ).start()
        var stoppedForMemory = false
        while child.isRunning {
            if let rss = Self.residentMiB(child.pid), rss > rssLimitMiB {
                stoppedForMemory = true
                child.kill()
                break
            }
            usleep(250_000)
        }
        let run = child.wait()
        let machine = before.flatMap { before in MachineCPU.busySeconds().map { $0 - before } }
        var step = ScaleStep(
            wall_seconds: run.seconds, peak_rss_mib: run.peakRSSMiB, cpu_seconds: run.cpuSeconds,
            other_cores: machine.map { max(0, $0 - run.cpuSeconds) / max(run.seconds, 1e-9) }, load_average: load,
            outcome: .finished, note: nil)
        switch run.termination {
        case .exited(0): break
        case _ where stoppedForMemory:
            step.outcome = .stopped
            step.note = String(format: "killed: resident memory passed the limit of %.0f MiB", rssLimitMiB)
        case .timedOut:
            step.outcome = .stopped
            step.note = String(format: "killed: still running after the limit of %.0f s", timeLimitSeconds)
        default:
            step.outcome = .failed
            let tail = String(decoding: run.stderr.suffix(600), as: UTF8.self)
            step.note = "\(run.termination): " + tail.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (step, run)
    }

    /// VmRSS of a running process, in MiB; nil once it is gone.
    static func residentMiB(_ pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }
}
