import ArgumentParser
import BLAS
import Build
import Foundation
import HostCPU
import MelshardCore
import Recipe

/// `melshard build RECIPE`: compiles a recipe into shards, an index and a card.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a recipe into shards/*.safetensors, index.sqlite and dataset.json.",
        discussion: """
            Incremental: only units whose inputs changed are redone, and a killed build resumes \
            where it stopped. Outputs are byte-identical whatever --jobs is. See docs/build.md.
            """)

    @Argument(help: "The recipe (TOML). See docs/recipes.md for every key.")
    var recipe: String

    @Option(name: .shortAndLong, help: "Output directory (default: out/NAME, NAME from the recipe).")
    var out: String?

    @Option(name: .shortAndLong, help: "Worker threads for probing and shard writing.")
    var jobs: Int = 1

    @Option(
        name: .customLong("corpus"),
        help: ArgumentHelp(
            "A corpus root, overriding the recipe's `root`; repeat for several corpora (default: each recipe root).",
            valueName: "NAME=PATH"))
    var corpora: [String] = []

    @Flag(
        help:
            "Fail on any rejected input, or on a dataset with no clips, instead of building without it (default: off).")
    var strict = false

    @Flag(help: "Print what would be rebuilt and why, and write nothing (default: off).")
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Build part I of N (0 ≤ I < N): plan everything, write only this part's shards; `melshard merge` "
                + "folds the parts together (default: the whole build). See docs/cluster.md.",
            valueName: "I/N"))
    var part: String?

    @Flag(help: "Print the build report as JSON, fields in docs/build.md (default: off, a summary).")
    var json = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs takes a number of threads ≥ 1, not \(jobs)") }
        if let part {
            do { _ = try BuildPart(parsing: part) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let roots = try CorpusRootOption.roots(corpora)
        let recipePath = absolute(recipe)
        let loaded = try RecipeLoader.load(path: recipePath, corpusRoots: roots)
        let output = absolute(out ?? "out/\(loaded.name)")
        let bar = ProgressPrinter()
        let engine = BuildEngine(
            recipe: loaded,
            options: BuildOptions(
                outputDirectory: output, jobs: jobs, strict: strict, dryRun: dryRun,
                recipePath: recipePath, role: try part.map { .part(try BuildPart(parsing: $0)) } ?? .whole),
            progress: { bar.show($0) })
        var report: BuildReport
        do { report = try engine.run() } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        report.blasCore = BLAS.coreName
        report.cpuVectors = CPUFeatures.host.widestVectors
        // On stderr whatever the format, so a script reading --json still shows a person what happened.
        let verb = report.dryRun ? "would remove" : "removed"
        for file in report.removedFiles { note("\(verb) \(output)/\(file)") }
        for warning in report.warnings { note("warning: \(warning)") }
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
        } else {
            print(BuildSummary.text(report))
        }
    }
}

func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func absolute(_ path: String) -> String {
    path.hasPrefix("/")
        ? path
        : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
            .standardizedFileURL.path
}
