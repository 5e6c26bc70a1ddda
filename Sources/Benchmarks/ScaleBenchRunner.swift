import Foundation
import MelshardCore

/// What `melshard bench scale` runs.
public struct ScaleBenchOptions: Sendable {
    public var executable: String
    public var out: String
    public var shape = ScaleCorpusShape()
    /// Scales to measure, each balancing every class to `ScaleRecipe.perClass(scale:)` clips.
    public var scales = [1, 4, 16]
    /// Scales at which the real build (and so the no-op rebuild, status and verify) runs; the
    /// dry run runs at every scale.
    public var buildScales: Set<Int> = [1, 4, 16]
    public var fullPerClass = ScaleRecipe.studyPerClass
    public var jobs = 2
    public var rssLimitMiB = 12.0 * 1024
    public var timeLimitSeconds = 3600.0
    /// Keep each scale's build output (by default it is deleted once measured: the full plan's
    /// index and shards take gigabytes).
    public var keepBuilds = false

    public init(executable: String, out: String) {
        self.executable = executable
        self.out = out
    }
}

/// Generates the corpora (or reuses them), then for each scale, in fresh child processes:
/// `build --dry-run` into an empty folder, `build`, the no-op `build`, `status` and `verify`.
/// Every figure is the child's own (`ScaleChild`); nothing is timed in this process.
public struct ScaleBenchRunner {
    public var options: ScaleBenchOptions
    public var log: (String) -> Void

    public init(options: ScaleBenchOptions, log: @escaping (String) -> Void) {
        self.options = options
        self.log = log
    }

    public func run() throws -> ScaleBenchResult {
        let out = options.out
        let fm = FileManager.default
        for sub in ["corpora", "recipes", "builds", "logs"] {
            try fm.createDirectory(atPath: "\(out)/\(sub)", withIntermediateDirectories: true)
        }
        let corpus = ScaleCorpus(root: out + "/corpora", shape: options.shape)
        log("generating \(options.shape.tracks) tracks and \(options.shape.sentences) sentences in \(corpus.root)")
        let generation = try corpus.generate(log: log)
        log(
            generation.reused
                ? "corpus reused (it was generated in \(String(format: "%.1f", generation.seconds)) s)"
                : String(format: "generated %d files in %.1f s", generation.files, generation.seconds))

        let child = ScaleChild(
            executable: options.executable, rssLimitMiB: options.rssLimitMiB,
            timeLimitSeconds: options.timeLimitSeconds)
        var rows: [ScaleRow] = []
        for scale in options.scales {
            rows.append(try measure(scale: scale, corpus: corpus, child: child))
        }
        return ScaleBenchResult(
            melshard: options.executable, cores: ProcessInfo.processInfo.activeProcessorCount, generation: generation,
            full_per_class: options.fullPerClass, rss_limit_mib: options.rssLimitMiB,
            time_limit_seconds: options.timeLimitSeconds, rows: rows,
            goals: ScaleGoals.judge(rows, studySize: options.shape.isStudySize, fullPerClass: options.fullPerClass))
    }

    private func measure(scale: Int, corpus: ScaleCorpus, child: ScaleChild) throws -> ScaleRow {
        let out = options.out
        let perClass = ScaleRecipe.perClass(scale: scale, fullPerClass: options.fullPerClass)
        let recipe = "\(out)/recipes/scale-\(scale).toml"
        try Data(ScaleRecipe.text(corpus: corpus, scale: scale, perClass: perClass).utf8).write(
            to: URL(fileURLWithPath: recipe))
        let output = "\(out)/builds/scale-\(scale)"
        try? FileManager.default.removeItem(atPath: output)
        var row = ScaleRow(scale: scale, per_class: perClass, clips: nil, sources: nil, shards: nil, steps: [:])
        let jobs = ["--jobs", String(options.jobs)]

        func step(_ command: ScaleCommand, _ arguments: [String]) throws -> Bool {
            let tag = "scale-\(scale)-\(command.rawValue)"
            log("\(tag): melshard \(arguments.joined(separator: " "))")
            let (measured, run) = try child.run(
                arguments, stdoutPath: "\(out)/logs/\(tag).out", stderrPath: "\(out)/logs/\(tag).err")
            row.steps[command] = measured
            log(
                String(
                    format: "%@: %.1f s, %.0f MiB peak RSS, %@", tag, measured.wall_seconds, measured.peak_rss_mib,
                    measured.outcome.rawValue) + (measured.note.map { " (\($0))" } ?? ""))
            if command == .dryRun, measured.outcome == .finished {
                let report = try? JSONDecoder().decode(PlanCounts.self, from: run.stdout)
                (row.clips, row.sources, row.shards) = (report?.clips, report?.sources, report?.shards)
            }
            return measured.outcome == .finished
        }

        // A plan that could not finish as a dry run would not finish as a build either.
        let planned = try step(.dryRun, ["build", recipe, "--out", output, "--dry-run", "--json"] + jobs)
        if planned, options.buildScales.contains(scale),
            try step(.build, ["build", recipe, "--out", output, "--json"] + jobs)
        {
            _ = try step(.noop, ["build", recipe, "--out", output, "--json"] + jobs)
            _ = try step(.status, ["status", output, "--json"])
            _ = try step(.verify, ["verify", output, "--json"])
        }
        if !options.keepBuilds { try? FileManager.default.removeItem(atPath: output) }
        return row
    }
}

/// The fields of a `build --json` report the table shows.
private struct PlanCounts: Decodable {
    var clips: Int
    var sources: Int
    var shards: Int
}
