import MelshardCore

public enum BuildError: Error, CustomStringConvertible {
    /// `--strict` and something was rejected.
    case strict([Reject])
    /// A shard could not be written; the message names the shard and the cause.
    case shard(name: String, underlying: String)
    /// A corpus root that is not a folder: building without the corpus would only mislead.
    case missingCorpusRoot(corpus: String, path: String)

    public var description: String {
        switch self {
        case .strict(let rejects):
            let shown = rejects.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            let more = rejects.count > 20 ? "\n  … and \(rejects.count - 20) more (melshard status)" : ""
            return "--strict: \(rejects.count) input(s) rejected, so the build stopped with an error:\n\(shown)\(more)"
        case .shard(let name, let underlying):
            return "shard \(name): \(underlying)"
        case .missingCorpusRoot(let corpus, let path):
            return "corpus '\(corpus)': the root \(path) is not a folder; fix `root` in the recipe or pass --corpus \(corpus)=PATH"
        }
    }
}
