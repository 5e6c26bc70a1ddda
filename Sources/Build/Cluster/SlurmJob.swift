import Foundation
import MelshardCore

/// A build as a Slurm job array and a merge job (`melshard slurm`, docs/cluster.md): task I of
/// the array runs `melshard build RECIPE --part I/N`, and the merge job, submitted with
/// `--dependency=afterok:ARRAY`, runs `melshard merge` once every task has succeeded.
public struct SlurmJob: Sendable {
    /// The melshard executable, absolute: the nodes run this very binary.
    public var melshard: String
    /// The recipe, absolute.
    public var recipe: String
    /// The build's output folder, absolute, on a file system every node shares.
    public var output: String
    public var parts: Int
    /// `--corpus NAME=PATH` overrides, passed on to every part.
    public var corpusRoots: [String: String] = [:]
    /// The job name's stem (the recipe's `name`).
    public var name: String
    public var partition: String?
    /// `--time`, in any form sbatch takes (`30`, `2:00:00`, `1-12`).
    public var time: String?
    /// `--cpus-per-task`; each part then runs with `--jobs` as many threads.
    public var cpusPerTask: Int?
    /// `--mem`, in any form sbatch takes (`4G`).
    public var memory: String?

    public init(melshard: String, recipe: String, output: String, parts: Int, name: String) {
        (self.melshard, self.recipe, self.output, self.parts, self.name) = (melshard, recipe, output, parts, name)
    }

    /// Where the scripts go: `OUT/slurm/`, with the tasks' logs in `OUT/slurm/logs/`.
    public var folder: String { output + "/slurm" }
    public var arrayScriptPath: String { folder + "/build.sbatch" }
    public var mergeScriptPath: String { folder + "/merge.sbatch" }
    public var logsFolder: String { folder + "/logs" }

    /// The job array's script: one task per part.
    public var arrayScript: String {
        var corpora = ""
        for (name, root) in corpusRoots.sorted(by: { $0.key < $1.key }) {
            corpora += " --corpus " + Self.shellQuoted("\(name)=\(root)")
        }
        let jobs = cpusPerTask.map { " --jobs \($0)" } ?? ""
        return header(
            "build of \(recipe) into \(output), part $SLURM_ARRAY_TASK_ID of \(parts)",
            directives: [
                "--job-name=" + Self.directiveQuoted("melshard-\(name)"), "--array=0-\(parts - 1)",
                "--output=" + Self.directiveQuoted(logsFolder + "/part-%a.out"),
            ] + resources(cpus: cpusPerTask))
            + "exec \(Self.shellQuoted(melshard)) build \(Self.shellQuoted(recipe)) --out \(Self.shellQuoted(output))"
            + " --part \"$SLURM_ARRAY_TASK_ID/\(parts)\"\(jobs)\(corpora)\n"
    }

    /// The merge job's script; its dependency on the array is given when it is submitted.
    public var mergeScript: String {
        header(
            "merge of the \(parts) parts of \(output)",
            directives: [
                "--job-name=" + Self.directiveQuoted("melshard-\(name)-merge"),
                "--output=" + Self.directiveQuoted(logsFolder + "/merge.out"),
            ] + resources(cpus: nil))
            + "exec \(Self.shellQuoted(melshard)) merge \(Self.shellQuoted(output)) --parts \(parts)\n"
    }

    private func header(_ what: String, directives: [String]) -> String {
        "#!/bin/bash\n# Written by melshard slurm: the \(what) (docs/cluster.md).\n"
            + directives.map { "#SBATCH \($0)\n" }.joined() + "set -euo pipefail\n"
    }

    private func resources(cpus: Int?) -> [String] {
        var lines: [String] = []
        if let partition { lines.append("--partition=" + Self.directiveQuoted(partition)) }
        if let time { lines.append("--time=" + Self.directiveQuoted(time)) }
        if let cpus { lines.append("--cpus-per-task=\(cpus)") }
        if let memory { lines.append("--mem=" + Self.directiveQuoted(memory)) }
        return lines
    }

    /// sbatch's arguments to submit the array, and the merge after it.
    public var arraySubmission: [String] { ["--parsable", arrayScriptPath] }
    public func mergeSubmission(after arrayJob: String) -> [String] {
        ["--parsable", "--dependency=afterok:\(arrayJob)", mergeScriptPath]
    }

    /// The job id in `sbatch --parsable`'s output (`ID` or `ID;CLUSTER`).
    public static func jobID(parsable output: String) -> String? {
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init)
        return id.flatMap { $0.isEmpty || !$0.allSatisfy(\.isNumber) ? nil : $0 }
    }

    /// Writes both scripts (executable) and makes the logs folder, which Slurm does not create.
    /// The output folder is made a melshard output first (its lock file), so the parts' builds
    /// accept it although it already holds `slurm/`.
    public func write() throws {
        try OutputFolder(path: output).checkIsOutput()
        let fm = FileManager.default
        try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        _ = try DirectoryLock(directory: output, shared: true)
        try fm.createDirectory(atPath: logsFolder, withIntermediateDirectories: true)
        for (path, text) in [(arrayScriptPath, arrayScript), (mergeScriptPath, mergeScript)] {
            try DurableFile.write(Array(text.utf8), to: path)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    /// A word the shell reads back as itself: single quotes, each `'` closed, escaped, reopened.
    public static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// An `#SBATCH` value: sbatch strips one pair of double quotes around it, so spaces survive.
    static func directiveQuoted(_ value: String) -> String { "\"" + value + "\"" }

    /// Why `value` cannot go into an `#SBATCH` line (a double quote or a line break), or nil.
    public static func directiveProblem(_ value: String) -> String? {
        value.contains(where: { $0 == "\"" || $0.isNewline }) ? "holds a double quote or a line break" : nil
    }
}
