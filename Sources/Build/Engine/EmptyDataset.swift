/// A build whose plan holds no clip: an empty corpus root, a manifest with a header and no
/// rows, or class names that match no label. It is a warning (the build itself succeeds and
/// records what it found) and under `--strict` a failure, since a dataset of zero clips is
/// never what a recipe meant.
public struct EmptyDataset: Sendable, Equatable, CustomStringConvertible {
    /// Sources that probed cleanly.
    public var sourcesAccepted: Int
    /// Inputs rejected (warnings that kept their input aside).
    public var rejected: Int
    /// Files under the roots that were not audio of the corpus.
    public var ignoredFiles: Int
    /// Classes the plan keeps.
    public var classes: Int

    public var description: String {
        let found = "\(sourcesAccepted) usable source(s), \(rejected) rejected, \(ignoredFiles) file(s) ignored"
        let hint =
            sourcesAccepted == 0
            ? "check each corpus root and manifest (melshard rejects DIR lists what was refused)"
            : "no source gave a clip of the \(classes) class(es) kept; check [classes] against the corpus labels"
        return "the dataset holds no clips (\(found)): \(hint)"
    }
}
