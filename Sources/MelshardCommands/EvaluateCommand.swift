import ArgumentParser

/// `melshard evaluate`: the studies' measurements on a trained run. A minimal parent for the
/// lesion and similarity studies (issue 14's items 4 and 5); the metrics, votes and tables of
/// items 1–3 join it as further subcommands.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a trained run: filter lesions, layer-wise similarity.",
        subcommands: [EvaluateLesionCommand.self, EvaluateSimilarityCommand.self])
}
