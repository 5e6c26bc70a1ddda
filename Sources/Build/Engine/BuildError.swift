import Ingest
import MelshardCore

public enum BuildError: Error, CustomStringConvertible {
    /// `--strict` and something was rejected.
    case strict([Reject])
    /// A shard could not be written; the message names the shard and the cause.
    case shard(name: String, underlying: String)
    /// A corpus whose root or required manifest is missing: building without it would only mislead.
    case corpus(CorpusError)
    /// `[align]` cannot run: a word list that cannot be read.
    case align(String)

    public var description: String {
        switch self {
        case .strict(let rejects):
            let shown = rejects.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            let more =
                rejects.count > 20 ? "\n  … and \(rejects.count - 20) more (melshard rejects DIR lists them all)" : ""
            return "--strict: \(rejects.count) input(s) rejected, so the build stopped with an error:\n\(shown)\(more)"
        case .shard(let name, let underlying):
            return "shard \(name): \(underlying)"
        case .corpus(let error):
            return error.description
        case .align(let message):
            return "[align]: \(message)"
        }
    }
}
