import Build
import Foundation
import TestSupport
import Testing

/// The scripts `melshard slurm` writes (docs/cluster.md). The real Slurm runs them in
/// scripts/test-slurm; here their text is checked line by line.
@Suite struct SlurmJobTests {
    static func job() -> SlurmJob {
        var job = SlurmJob(
            melshard: "/opt/mel shard/bin/melshard", recipe: "/data/it's recipes/gtzan.toml",
            output: "/scratch/out dir",
            parts: 4, name: "gtzan")
        (job.partition, job.time, job.cpusPerTask, job.memory) = ("cpu", "2:00:00", 8, "16G")
        job.corpusRoots = ["gtzan": "/data/gtzan"]
        return job
    }

    @Test func theArrayScriptRunsOnePartPerTaskWithEveryPathQuoted() {
        let lines = Self.job().arrayScript.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        #expect(lines.contains("#SBATCH --array=0-3"))
        #expect(lines.contains("#SBATCH --job-name=\"melshard-gtzan\""))
        #expect(lines.contains("#SBATCH --output=\"/scratch/out dir/slurm/logs/part-%a.out\""))
        #expect(lines.contains("#SBATCH --partition=\"cpu\""))
        #expect(lines.contains("#SBATCH --time=\"2:00:00\""))
        #expect(lines.contains("#SBATCH --cpus-per-task=8"))
        #expect(lines.contains("#SBATCH --mem=\"16G\""))
        #expect(
            lines.last
                == "exec '/opt/mel shard/bin/melshard' build '/data/it'\\''s recipes/gtzan.toml' --out '/scratch/out dir'"
                + " --part \"$SLURM_ARRAY_TASK_ID/4\" --jobs 8 --corpus 'gtzan=/data/gtzan'")
        // Every #SBATCH line comes before the first command, or sbatch ignores it.
        let firstCommand = lines.firstIndex { !$0.hasPrefix("#") }!
        #expect(lines[firstCommand...].allSatisfy { !$0.hasPrefix("#SBATCH") })
    }

    @Test func theMergeRunsAfterTheWholeArraySucceeds() {
        let job = Self.job()
        let lines = job.mergeScript.split(separator: "\n").map(String.init)
        #expect(lines.last == "exec '/opt/mel shard/bin/melshard' merge '/scratch/out dir' --parts 4")
        #expect(lines.contains("#SBATCH --output=\"/scratch/out dir/slurm/logs/merge.out\""))
        #expect(!lines.contains { $0.contains("--array") || $0.contains("--cpus-per-task") })
        #expect(job.arraySubmission == ["--parsable", "/scratch/out dir/slurm/build.sbatch"])
        #expect(
            job.mergeSubmission(after: "4711")
                == ["--parsable", "--dependency=afterok:4711", "/scratch/out dir/slurm/merge.sbatch"])
        #expect(SlurmJob.jobID(parsable: "4711\n") == "4711")
        #expect(SlurmJob.jobID(parsable: "4712;cluster2\n") == "4712")
        #expect(SlurmJob.jobID(parsable: "Submitted batch job 3\n") == nil)
        #expect(SlurmJob.shellQuoted("a'b") == "'a'\\''b'")
    }

    @Test func theCommandWritesBothScriptsWithThisBinarysAbsolutePath() throws {
        let fixture = try FolderCorpusFixture(label: "slurm-command", filesPerClass: 2)
        let out = fixture.directory.file("out put")
        let outcome = try Melshard.run(["slurm", fixture.recipe, "--parts", "3", "--out", out, "--time", "10"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let array = try String(contentsOfFile: out + "/slurm/build.sbatch", encoding: .utf8)
        let binary = Melshard.executable.resolvingSymlinksInPath().path
        #expect(
            array.contains(
                "exec '\(binary)' build '\(fixture.recipe)' --out '\(out)' --part \"$SLURM_ARRAY_TASK_ID/3\""))
        #expect(array.contains("#SBATCH --array=0-2\n") && array.contains("#SBATCH --time=\"10\"\n"))
        #expect(FileManager.default.isExecutableFile(atPath: out + "/slurm/merge.sbatch"))
        var isFolder: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: out + "/slurm/logs", isDirectory: &isFolder) && isFolder.boolValue)
        // The folder is a melshard output now, so the parts' builds accept it.
        #expect(try Melshard.run(["build", fixture.recipe, "--out", out, "--part", "0/3"]).status == 0)

        let bad = try Melshard.run(["slurm", fixture.recipe, "--parts", "0"])
        #expect(bad.status == 64 && bad.stderr.hasPrefix("Error: --parts takes a number of parts ≥ 1, not 0"))
        let quote = try Melshard.run(["slurm", fixture.recipe, "--parts", "2", "--mem", "4G\"x"])
        #expect(quote.status == 64 && quote.stderr.contains("holds a double quote or a line break"))
    }
}
