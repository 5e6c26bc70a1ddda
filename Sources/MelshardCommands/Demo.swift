import ArgumentParser
import Demo
import Foundation

/// `melshard demo`: the whole job on two embedded corpora, in under a minute.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Synthesise a small GTZAN-style and a Speech-Commands-style corpus, build both with the studies' recipes, verify them, and train a network on the words.",
        discussion: """
            Writes, under --out: corpora/gtzan/genres/<genre>/<genre>.000NN.au (5 genres × 10 clips of 5 s), \
            corpora/mini_speech_commands/<word>/<speaker>_nohash_<n>.wav (4 words × 8 speakers × 2 takes), \
            recipes/*.toml (manifests/ren-gtzan.toml and manifests/metamers-speech-commands.toml, shortened; \
            each change is commented in the file), the two builds, gtzan/ and speech-commands/, and the run of the \
            speech recipe's [train] table (small-cnn), speech-commands/runs/small-cnn. \
            Deterministic; a second run writes nothing and reuses every unit and the finished run.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to put the corpora, recipes and builds.", valueName: "DIR"))
    var out = "out/demo"

    @Option(
        name: .shortAndLong, parsing: .unconditional,
        help: "Worker threads for the builds (default: the number of cores, at most 8).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of threads ≥ 1, not \(jobs)") }
    }

    func run() throws {
        let started = Date()
        let directory = absolute(out)
        let run = DemoRun(output: directory, jobs: jobs ?? min(8, ProcessInfo.processInfo.activeProcessorCount)) {
            line in
            FileHandle.standardError.write(Data("demo: \(TerminalText.escaped(line))\n".utf8))
        }
        let datasets = try run.run()
        print(DemoSummary.text(datasets, output: out, seconds: Date().timeIntervalSince(started)))
        if datasets.contains(where: { !$0.verify.ok }) { throw ExitCode.failure }
    }
}
