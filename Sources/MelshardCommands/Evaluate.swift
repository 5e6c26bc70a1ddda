import ArgumentParser

/// `melshard evaluate`: the studies' measurements on a trained run (docs/evaluate.md). Without a
/// subcommand, `run`: metrics, the confusion matrix, the vote per track, or a k-fold table;
/// `lesion` (study 000) and `similarity` (study 003) look inside the network.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Measure a trained run: top-k, per-class scores, confusion matrix, vote per track, k-fold tables, lesions, similarity.",
        subcommands: [
            EvaluateRun.self, EvaluateLesionCommand.self, EvaluateSimilarityCommand.self, EvaluateMetamersCommand.self,
        ],
        defaultSubcommand: EvaluateRun.self)
}
