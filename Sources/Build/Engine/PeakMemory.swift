import Foundation

/// The process's peak resident set size so far: what `build --json` reports as
/// `peak_memory_bytes`, so a benchmark can read a build's memory without wrapping it in
/// `/usr/bin/time`.
enum PeakMemory {
    /// `getrusage(RUSAGE_SELF)`'s `ru_maxrss`, which Linux gives in KiB, in bytes.
    static func bytes() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
