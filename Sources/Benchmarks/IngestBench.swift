import Foundation
import MelshardCore
import SoundFile

/// `melshard bench ingest`: a `table` corpus of `rows` short WAV files with a CSV manifest, and
/// dry runs of `melshard build` on it, which read the manifest, check every path and probe and
/// hash every file (and plan the clips) while writing nothing, so each run redoes all of it.
public struct IngestBench: Sendable {
    public struct Result: Sendable, Codable {
        public var rows: Int
        public var corpusMiB: Double
        public var runs: [Double]
        public var medianSeconds: Double
        public var rowsPerSecond: Double
        public var peakRSSMiB: Double
        public var goalSeconds: Double
        public var goalMet: Bool
        public var command: String

        enum CodingKeys: String, CodingKey {
            case rows, corpusMiB = "corpus_mib", runs, medianSeconds = "median_seconds", rowsPerSecond =
                "rows_per_second"
            case peakRSSMiB = "peak_rss_mib", goalSeconds = "goal_seconds", goalMet = "goal_met", command
        }
    }

    public var executable: String
    public var out: String
    public var rows: Int
    public var jobs: Int
    public var repeats: Int
    /// Issue 4: 50,000 manifest rows in under 30 s with warm caches.
    public var goalSeconds = 30.0
    public var log: @Sendable (String) -> Void

    public init(
        executable: String, out: String, rows: Int, jobs: Int, repeats: Int, log: @escaping @Sendable (String) -> Void
    ) {
        self.executable = executable
        self.out = out
        self.rows = rows
        self.jobs = jobs
        self.repeats = repeats
        self.log = log
    }

    var root: String { out + "/corpus" }

    func relativePath(_ i: Int) -> String { "part-\(i / 1000)/clip-\(String(format: "%06d", i)).wav" }

    /// Writes the files and the manifest, unless a finished earlier run left them.
    func generate() throws {
        let fm = FileManager.default
        let done = root + "/.complete-\(rows)"
        if fm.fileExists(atPath: done) { return }
        try? fm.removeItem(atPath: root)
        let rate = 8000
        var manifest = "path,label,speaker\n"
        manifest.reserveCapacity(rows * 40)
        for i in 0..<rows {
            if i % 1000 == 0 {
                try fm.createDirectory(atPath: root + "/part-\(i / 1000)", withIntermediateDirectories: true)
                if i > 0 && i % 10_000 == 0 { log("generated \(i) of \(rows) files") }
            }
            // 0.1 s of a tone that differs per file, so every hash differs as in a real corpus.
            let frequency = 200 + Double(i % 3000)
            let samples = (0..<(rate / 10)).map {
                Float(0.3 * sin(2 * Double.pi * frequency * Double($0) / Double(rate)))
            }
            try SoundFile.write(samples, sampleRate: rate, format: .wav16, to: root + "/" + relativePath(i))
            manifest += "\(relativePath(i)),class-\(i % 10),speaker-\(i / 7)\n"
        }
        try manifest.write(toFile: root + "/manifest.csv", atomically: true, encoding: .utf8)
        try """
        name = "bench-ingest"
        seed = 1

        [[corpus]]
        name = "bench"
        kind = "table"
        root = "corpus"
        manifest = "manifest.csv"
        group_column = "speaker"

        [clips]
        length_seconds = 0.1
        crop = "start"
        short = "pad"

        [features]
        sample_rate = 8000
        n_fft = 256
        hop_length = 128
        n_mels = 32
        """.write(toFile: out + "/recipe.toml", atomically: true, encoding: .utf8)
        _ = fm.createFile(atPath: done, contents: Data())
    }

    public func run() throws -> Result {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        log("generating \(rows) files in \(root) (reused when complete)")
        try generate()
        let arguments = [
            "build", out + "/recipe.toml", "--out", out + "/build", "--dry-run", "--json", "--jobs", String(jobs),
        ]
        var runs: [ChildRun] = []
        // One unmeasured run warms the page cache, as "warm caches" asks.
        for k in 0...repeats {
            let child = ChildProcess(
                executable, arguments, standardOutput: .file(out + "/report.json"),
                standardError: .file(out + "/stderr.log"))
            let run = try child.start().wait()
            guard run.status == 0 else {
                let stderr = String(decoding: run.stderr, as: UTF8.self)
                throw BenchmarkError(description: "\(run.commandLine) failed (\(run.status)): \(stderr)")
            }
            if k > 0 { runs.append(run) }
            log(
                String(format: "run %d: %.2f s, %.0f MiB", k, run.seconds, run.peakRSSMiB)
                    + (k == 0 ? " (warm-up)" : ""))
        }
        let seconds = runs.map(\.seconds).sorted()
        let median = Benchmarks.median(seconds)
        let bytes = (0..<rows).reduce(Int64(0)) { total, i in
            total + (DurableFile.status(root + "/" + relativePath(i))?.size ?? 0)
        }
        return Result(
            rows: rows, corpusMiB: Double(bytes) / 1_048_576, runs: seconds, medianSeconds: median,
            rowsPerSecond: Double(rows) / median, peakRSSMiB: runs.map(\.peakRSSMiB).max() ?? 0,
            goalSeconds: goalSeconds, goalMet: median < goalSeconds && rows >= 50_000,
            command: runs.last?.commandLine ?? "")
    }
}
