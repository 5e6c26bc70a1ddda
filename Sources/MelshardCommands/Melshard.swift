import ArgumentParser

/// The root command: one subcommand per file in this module.
public struct Melshard: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "melshard",
        abstract: "Compile audio corpora into mel-spectrogram shards with a SQLite index.",
        discussion: """
            Exit codes: 0 success, 1 failure (the message names the file and the reason), \
            64 bad usage (an unknown option or a bad value).
            """,
        version: version,
        subcommands: [Mel.self, ExampleAudio.self, Bench.self])

    public init() {}
}
