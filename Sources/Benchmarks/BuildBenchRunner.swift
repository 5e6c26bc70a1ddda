import Build
import Foundation
import MelshardCore

/// Generates the corpora, runs every build in a fresh `melshard build --json` process and
/// judges the goals. Nothing is timed in-process: each figure is a child's wall time from
/// spawn to exit and its own peak RSS from `wait4`.
public struct BuildBenchRunner {
    public var options: BuildBenchOptions
    public var log: (String) -> Void

    public init(options: BuildBenchOptions, log: @escaping (String) -> Void) {
        self.options = options
        self.log = log
    }

    private var out: String { options.out }

    public func run() throws -> BuildBenchResult {
        let fm = FileManager.default
        for sub in ["corpora", "recipes", "builds", "logs"] {
            try fm.createDirectory(atPath: "\(out)/\(sub)", withIntermediateDirectories: true)
        }
        var corpora: [BuildBenchCorpusResult] = []
        let sized = [("small", options.smallClips), ("large", options.largeClips)]
        for (role, clips) in sized {
            corpora.append(try measureThroughput(role: role, clips: clips))
        }
        if options.noopClips > 0 { corpora.append(try measureNoop()) }
        return BuildBenchResult(
            melshard: options.executable, cores: ProcessInfo.processInfo.activeProcessorCount,
            goals_config: options.goals, corpora: corpora, goals: judge(corpora))
    }

    // MARK: - Workloads

    /// Music-like sources of 3 to 5 s and the study-000 features (the recipe in the issue).
    private func measureThroughput(role: String, clips: Int) throws -> BuildBenchCorpusResult {
        let sources = (clips + options.clipsPerSource - 1) / options.clipsPerSource
        let corpus = BuildBenchCorpus(
            root: "\(out)/corpora/music-\(sources)", sources: sources, classes: options.classes,
            lengths: [3.0, 3.5, 4.0, 4.5, 5.0], seed: options.seed)
        let name = "\(role)-\(sources * options.clipsPerSource)"
        let recipe = try writeRecipe(name: name, corpus: corpus, clipSeconds: 2.0, features: [])
        let generated = try generate(corpus, name: name)

        // Rounds of one-job and two-job builds, interleaved so that drift in the machine hits both alike.
        var runs: [BuildMeasurement] = []
        for round in 1...max(1, options.firstBuildRepeats) {
            for jobs in [1, 2] {
                let output = "\(out)/builds/\(name)-j\(jobs)"
                try? FileManager.default.removeItem(atPath: output)
                runs.append(
                    try build(
                        recipe, output: output, jobs: jobs, step: "first build", tag: "\(name)-j\(jobs)-first\(round)"))
            }
        }
        // The run with the median wall time stands for each job count.
        let first = [1, 2].map { jobs in
            let sorted = runs.filter { $0.jobs == jobs }.sorted { $0.wall_seconds < $1.wall_seconds }
            return sorted[(sorted.count - 1) / 2]
        }
        let speedup = first[1].clips_per_second / first[0].clips_per_second
        var result = try rebuilds(
            corpus: corpus, recipe: recipe, output: "\(out)/builds/\(name)-j1", name: name, role: role,
            features: "heydarshahi (12 kHz, n_fft 512, hop 256, 96 mels, 128x128), 2-s clips", first: first,
            generated: generated, resumed: false)
        result.speedup = speedup
        result.first_build_runs = runs
        return result
    }

    /// Many short sources and cheap features: only the no-op rebuild matters here, so the
    /// first build is kept short, and an earlier run's output is reused unless `fresh`.
    private func measureNoop() throws -> BuildBenchCorpusResult {
        let sources = (options.noopClips + options.clipsPerSource - 1) / options.clipsPerSource
        let corpus = BuildBenchCorpus(
            root: "\(out)/corpora/short-\(sources)", sources: sources, classes: options.classes,
            lengths: [1.5], seed: options.seed)
        let name = "noop-\(sources * options.clipsPerSource)"
        let recipe = try writeRecipe(
            name: name, corpus: corpus, clipSeconds: 1.0,
            features: [
                "sample_rate = 8000", "n_fft = 256", "hop_length = 128", "n_mels = 32", "resize = \"none\"",
            ])
        let generated = try generate(corpus, name: name)
        let output = "\(out)/builds/\(name)"
        if options.fresh { try? FileManager.default.removeItem(atPath: output) }
        let resumed = FileManager.default.fileExists(atPath: output + "/index.sqlite")
        let jobs = options.noopFirstBuildJobs
        let first = try build(
            recipe, output: output, jobs: jobs, step: resumed ? "first build (resumed)" : "first build",
            tag: "\(name)-first")
        return try rebuilds(
            corpus: corpus, recipe: recipe, output: output, name: name, role: "no-op",
            features: "8 kHz, n_fft 256, hop 128, 32 mels, no resize, 1-s clips", first: [first],
            generated: generated, resumed: resumed)
    }

    /// The no-op rebuilds, then one source touched, then one rewritten (and put back), all with one job.
    private func rebuilds(
        corpus: BuildBenchCorpus, recipe: String, output: String, name: String, role: String, features: String,
        first: [BuildMeasurement], generated: Int, resumed: Bool
    ) throws -> BuildBenchCorpusResult {
        var noop: [BuildMeasurement] = []
        for k in 1...max(1, options.noopRepeats) {
            noop.append(try build(recipe, output: output, jobs: 1, step: "no-op", tag: "\(name)-noop\(k)"))
        }
        let touchedSource = corpus.sources / 3
        try corpus.touch(touchedSource)
        let touched = try build(recipe, output: output, jobs: 1, step: "touched one source", tag: "\(name)-touched")
        let rewrittenSource = 2 * corpus.sources / 3
        try corpus.rewrite(rewrittenSource)
        let rewritten = try build(recipe, output: output, jobs: 1, step: "rewrote one source", tag: "\(name)-rewritten")
        try corpus.restore(rewrittenSource)
        let restored = try build(recipe, output: output, jobs: 1, step: "restored the source", tag: "\(name)-restored")
        return BuildBenchCorpusResult(
            corpus: name, role: role, sources: corpus.sources, clips_per_source: options.clipsPerSource,
            source_seconds: corpus.lengths, features: features, files_generated: generated,
            first_build_resumed: resumed, first_builds: first, first_build_runs: nil, speedup: nil, noop: noop,
            noop_median_seconds: median(noop.map(\.wall_seconds)), touched: touched, rewritten: rewritten,
            restored: restored)
    }

    // MARK: - Steps

    private func generate(_ corpus: BuildBenchCorpus, name: String) throws -> Int {
        log(
            "\(name): generating \(corpus.sources) sources (\(String(format: "%.0f", corpus.totalSeconds)) s of audio) in \(corpus.root) unless present"
        )
        let written = try corpus.generate()
        log("\(name): \(written == 0 ? "corpus reused" : "wrote \(written) files")")
        return written
    }

    private func writeRecipe(
        name: String, corpus: BuildBenchCorpus, clipSeconds: Double, features: [String]
    ) throws -> String {
        let root = URL(fileURLWithPath: corpus.root).standardizedFileURL.path
        let text = """
            # Written by `melshard bench build`.
            name = "bench-\(name)"
            seed = \(options.seed)

            [[corpus]]
            name = "music"
            kind = "folder"
            root = \(tomlString(root))

            [clips]
            length_seconds = \(clipSeconds)
            crop = "random"
            per_source = \(options.clipsPerSource)

            [splits]
            method = "ratios"

            [features]
            preset = "heydarshahi"
            \(features.joined(separator: "\n"))

            [shards]
            clips_per_shard = \(options.clipsPerShard)
            dtype = "float16"

            """
        let path = "\(out)/recipes/\(name).toml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func build(
        _ recipe: String, output: String, jobs: Int, step: String, tag: String
    ) throws -> BuildMeasurement {
        log("\(tag): melshard build --jobs \(jobs)")
        let stdoutPath = "\(out)/logs/\(tag).json", stderrPath = "\(out)/logs/\(tag).stderr"
        let load = MachineCPU.loadAverage()
        let arguments = ["build", recipe, "--out", output, "--jobs", String(jobs), "--json"]
        let measured = try MeasuredChild.run(
            options.executable, arguments, stdoutPath: stdoutPath,
            stderrPath: stderrPath)
        let run = measured.run
        guard run.status == 0 else {
            let tail = String(decoding: run.stderr.suffix(2000), as: UTF8.self)
            throw BenchmarkError(description: "\(run.commandLine) exited with \(run.status):\n\(tail)")
        }
        let report: BuildReport
        do { report = try JSONDecoder().decode(BuildReport.self, from: run.stdout) } catch {
            throw BenchmarkError(
                description: "\(run.commandLine): cannot read its JSON report (\(stdoutPath)): \(error)")
        }
        let card =
            step.hasPrefix("first build")
            ? (try? JSONDecoder().decode(
                Card.self, from: Data(contentsOf: URL(fileURLWithPath: output + "/dataset.json")))) : nil
        let m = BuildMeasurement(
            step: step, jobs: jobs, wall_seconds: run.seconds, engine_seconds: report.seconds,
            peak_rss_mib: run.peakRSSMiB, cpu_seconds: run.cpuSeconds,
            other_cores: measured.otherCores,
            load_average: load, clips: report.clips, sources: report.sources, shards: report.shards,
            clips_per_second: Double(report.clips) / run.seconds, rebuilt: report.rebuilt, reused: report.reused,
            units: report.units, decoded_sources: report.decodedSources,
            shards_rewritten: report.units["shard"]?.rebuilt ?? 0, shard_clips: card?.shards.map(\.clips),
            rejects: report.rejects,
            report_path: stdoutPath, stderr_path: stderrPath)
        log(
            String(
                format: "%@: %.3f s wall, %.3f s engine, %.2f s CPU, %.0f MiB peak RSS, %d rebuilt / %d reused units, "
                    + "%d shards rewritten; other processes: %.2f cores", tag, m.wall_seconds, m.engine_seconds,
                m.cpu_seconds,
                m.peak_rss_mib, m.rebuilt, m.reused, m.shards_rewritten, m.other_cores ?? .nan))
        return m
    }
}

/// The fields of dataset.json the benchmark reads.
private struct Card: Decodable {
    struct Shard: Decodable { var clips: Int }
    var shards: [Shard]
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

private func tomlString(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
