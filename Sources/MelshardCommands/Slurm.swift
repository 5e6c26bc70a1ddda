import ArgumentParser
import Build
import Foundation
import MelshardCore
import Recipe

/// `melshard slurm RECIPE --parts N`: a build as a Slurm job array and a dependent merge job.
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write (and with --submit, submit) a Slurm job array that builds a recipe in N parts, and its merge.",
        discussion: """
            Writes OUT/slurm/build.sbatch (task I runs `melshard build RECIPE --part I/N`) and \
            OUT/slurm/merge.sbatch (`melshard merge OUT`, submitted with --dependency=afterok on the \
            array). OUT must be on a file system every node sees. See docs/cluster.md.
            """)

    @Argument(help: "The recipe (TOML).")
    var recipe: String

    @Option(help: "How many parts (array tasks) to split the build into.")
    var parts: Int

    @Option(name: .shortAndLong, help: "Output directory (default: out/NAME, NAME from the recipe).")
    var out: String?

    @Option(help: "sbatch --partition for every job (default: the cluster's default partition).")
    var partition: String?

    @Option(help: "sbatch --time for every job, e.g. 2:00:00 (default: the partition's limit).")
    var time: String?

    @Option(help: "sbatch --cpus-per-task for each part, which then builds with as many --jobs (default: 1).")
    var cpusPerTask: Int?

    @Option(help: "sbatch --mem for every job, e.g. 8G (default: the partition's default).")
    var mem: String?

    @Option(
        name: .customLong("corpus"),
        help: ArgumentHelp("A corpus root for every part, as `build --corpus`.", valueName: "NAME=PATH"))
    var corpora: [String] = []

    @Flag(help: "Submit both jobs with sbatch and print their ids (default: off, only write the scripts).")
    var submit = false

    func validate() throws {
        guard parts >= 1 else { throw ValidationError("--parts takes a number of parts ≥ 1, not \(parts)") }
        if let cpusPerTask, cpusPerTask < 1 {
            throw ValidationError("--cpus-per-task takes a number ≥ 1, not \(cpusPerTask)")
        }
        for (option, value) in [("--partition", partition), ("--time", time), ("--mem", mem)] {
            if let value, let problem = SlurmJob.directiveProblem(value) ?? (value.isEmpty ? "is empty" : nil) {
                throw ValidationError("\(option) \(value.debugDescription): \(problem)")
            }
        }
    }

    func run() throws {
        let roots = try CorpusRootOption.roots(corpora)
        let recipePath = absolute(recipe)
        let loaded = try RecipeLoader.load(path: recipePath, corpusRoots: roots)
        let output = absolute(out ?? "out/\(loaded.name)")
        if let problem = SlurmJob.directiveProblem(output) { throw CommandFailure("\(output): \(problem)") }
        var job = SlurmJob(
            melshard: try Self.executablePath(), recipe: recipePath, output: output, parts: parts, name: loaded.name)
        job.corpusRoots = roots.mapValues(absolute)
        (job.partition, job.time, job.cpusPerTask, job.memory) = (partition, time, cpusPerTask, mem)
        try job.write()
        print("wrote \(job.arrayScriptPath)")
        print("wrote \(job.mergeScriptPath)")
        guard submit else {
            print("submit with: ARRAY=$(sbatch --parsable \(SlurmJob.shellQuoted(job.arrayScriptPath)))")
            print(
                "             sbatch --dependency=afterok:$ARRAY \(SlurmJob.shellQuoted(job.mergeScriptPath))")
            return
        }
        let array = try Self.sbatch(job.arraySubmission)
        print("array job \(array): \(parts) part(s)")
        let merge = try Self.sbatch(job.mergeSubmission(after: array))
        print("merge job \(merge): after array job \(array) succeeds")
    }

    /// Runs sbatch and returns the job id it printed.
    private static func sbatch(_ arguments: [String]) throws -> String {
        let process = ChildProcess("sbatch", arguments)
        let run: ChildRun
        do { run = try process.run() } catch {
            // The scripts are written by now: say so, since they can be submitted from a login node.
            throw CommandFailure("\(error) (the scripts are written; submit them where Slurm's sbatch runs)")
        }
        guard let id = SlurmJob.jobID(parsable: run.stdoutText) else {
            throw CommandFailure("\(process.commandLine): printed no job id: \(run.stdoutText.debugDescription)")
        }
        return id
    }

    /// This melshard's own file, absolute, so the nodes run the same binary whatever PATH they have.
    static func executablePath() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
