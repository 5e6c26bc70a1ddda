import ArgumentParser
import MelshardCore

/// The root command: one subcommand per file in this module.
public struct Melshard: ParsableCommand {
    public static let version = MelshardVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "melshard",
        abstract: "Compile audio corpora into mel-spectrogram shards with a SQLite index.",
        discussion: """
            Exit codes: 0 success, 1 failure (one line that names the file and the reason), \
            64 bad usage (an unknown option or a bad value).
            """,
        version: version,
        subcommands: [
            DemoCommand.self, BuildCommand.self, Merge.self, Slurm.self, TrainCommand.self, EvaluateCommand.self,
            Models.self,
            ImportWeights.self, Status.self,
            Plan.self, Check.self, Rejects.self,
            Verify.self, Inspect.self, Report.self, AlignCommand.self, Mel.self,
            ExampleAudio.self,
            Bench.self,
        ])

    public init() {}

    /// Runs the command line and exits: parses, runs the subcommand, and presents any failure
    /// through `ErrorPresentation` (one line, one exit code).
    public static func runFromCommandLine() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            exit()
        } catch {
            exit(withError: ErrorPresentation.presentable(error, for: self))
        }
    }
}
