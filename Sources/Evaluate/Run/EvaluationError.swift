/// Why an evaluation cannot be made, as one line naming the file and the fix.
///
/// Every failure of `Evaluate` is one of these: the run folder (no `config.json`, a damaged
/// checkpoint, an unknown model), the build output it is measured on (a changed card, a missing
/// shard, an empty split, a shape the network does not take), or an option out of range. The
/// description is the line `melshard` prints (through `ErrorPresentation`).
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The folder is not a run, or its `config.json` cannot be read.
        case notARun
        /// No usable checkpoint, or one whose tensors do not fit the network.
        case checkpoint
        /// The build output cannot be read, or does not fit the run.
        case dataset
        /// The split asked for has no clips.
        case emptySplit
        /// An option out of range (`--top-k 0`, a threshold outside 0…1, …).
        case invalidOption
        /// An output file cannot be written.
        case output
    }

    public var code: Code
    /// The file or folder the problem is in.
    public var path: String
    public var problem: String
    /// What to do about it; empty when there is nothing to add.
    public var fix: String

    public init(_ code: Code, path: String, problem: String, fix: String = "") {
        self.code = code
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        "evaluate: \(path): \(problem)" + (fix.isEmpty ? "" : "; \(fix)")
    }
}
