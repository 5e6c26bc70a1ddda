import Foundation

/// What the whole machine is doing, for benchmarks that must say how busy it was around them.
public enum MachineCPU {
    /// The machine's busy CPU time so far, from the first line of /proc/stat: everything but idle
    /// and iowait, summed over cores; nil where /proc/stat is missing.
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
