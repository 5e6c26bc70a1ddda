/// A build output that cannot be trained on: which file, what is wrong with it, and what to do.
///
/// One line, `PATH: PROBLEM; FIX`, as `melshard train` prints it before exiting.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem, for callers that map errors to exit codes or tests that match them.
    public enum Code: String, Sendable, Equatable {
        /// `dataset.json` does not exist: not a build output, or the build never finished.
        case missingCard
        /// `dataset.json` is not JSON, or lacks a field training needs.
        case unreadableCard
        /// `dataset.json` is JSON but not a melshard card of a version this melshard reads.
        case wrongFormat
        /// A shard the card lists is not on disk.
        case missingShard
        /// A shard is not a valid safetensors file, or cannot be read.
        case damagedShard
        /// A shard is valid safetensors but its tensors disagree with the card.
        case mismatchedShard
        /// The split asked for has no clips.
        case emptySplit
        /// The options do not fit the dataset (a fold of a build without folds, a batch of 0, …).
        case invalidOption
    }

    public var code: Code
    /// The file or directory at fault.
    public var path: String
    /// What is wrong, naming the field, tensor or split.
    public var problem: String
    /// What to do about it.
    public var fix: String

    public init(_ code: Code, path: String, problem: String, fix: String) {
        self.code = code
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(path): \(problem); \(fix)" }
}

extension DataError {
    /// The usual fixes, naming the build output so the command can be pasted.
    enum Fix {
        static func build(_ output: String) -> String {
            "is this a melshard build output? Make one with `melshard build RECIPE --out \(output)`"
        }

        static func rebuild(_ output: String) -> String {
            "rebuild it with `melshard build RECIPE --out \(output)`, which rewrites the card"
        }

        static func verify(_ output: String) -> String {
            "run `melshard verify \(output)`, then rebuild to rewrite the damaged shards"
        }
    }
}
