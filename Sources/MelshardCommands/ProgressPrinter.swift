import Build
import Foundation

/// A progress bar on a terminal; on a pipe or a file, a plain line per tenth of the work.
final class ProgressPrinter {
    private let terminal = isatty(STDERR_FILENO) == 1
    private var started = Date()
    private var stage = ""
    private var lastTenth = -1
    private var drawn = false

    func show(_ p: BuildProgress) {
        show(stage: p.stage, done: p.done, total: p.total) { elapsed in
            let rate = p.clipsTotal > 0 ? Double(p.clipsDone) / max(elapsed, 1e-3) : Double(p.done) / max(elapsed, 1e-3)
            let unit = p.clipsTotal > 0 ? "clips/s" : "\(p.stage)/s"
            let counts =
                p.clipsTotal > 0
                ? "\(p.done)/\(p.total) shards, \(p.clipsDone)/\(p.clipsTotal) clips" : "\(p.done)/\(p.total)"
            return String(format: "%@, %.0f %@", counts, rate, unit)
        }
    }

    /// `stage` at `done` of `total`, with `text(seconds elapsed in the stage)` and the time
    /// left estimated from the rate so far.
    func show(stage name: String, done: Int, total: Int, text: (Double) -> String) {
        if name != stage {
            finish()
            (stage, started, lastTenth) = (name, Date(), -1)
        }
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let elapsed = Date().timeIntervalSince(started)
        let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let line = "\(name) \(text(elapsed)), \(Self.duration(left)) left"
        if terminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(line)".utf8))
            drawn = true
        } else {
            let tenth = Int(fraction * 10)
            if tenth != lastTenth {
                lastTenth = tenth
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
    }

    /// A line of its own, below any bar.
    func note(_ text: String) {
        finish()
        FileHandle.standardError.write(Data("\(TerminalText.escaped(text))\n".utf8))
    }

    func finish() {
        if terminal && drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }
}
