import Index
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
    /// The output folder holds files but is no melshard output; a build deletes files in its
    /// output, so it will not start there. `example` is one of the `entries` names.
    case notAnOutput(directory: String, example: String, entries: Int)
    /// `index.sqlite` fails SQLite's integrity check: reusing anything it records could be wrong.
    case damagedIndex(IndexDamage)
    /// `--strict` and the build would hold no clip at all.
    case empty(EmptyDataset)
    /// `melshard merge`: some planned shards are not (or not correctly) written by their parts.
    case partsIncomplete(PartsIncomplete)
    /// `melshard merge` found no part index in `DIR/parts`, or those of several part counts.
    case parts(directory: String, problem: String)

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
        case .notAnOutput(let directory, let example, let entries):
            let others = entries > 1 ? " and \(entries - 1) other(s)" : ""
            return
                "\(directory): not empty (\(example)\(others)) and not a melshard output (no \(Index.fileName)); "
                + "a build deletes files in its output folder, so choose a new or empty folder with --out"
        case .damagedIndex(let damage):
            return damage.description + "; " + IndexDamage.recovery
        case .empty(let empty):
            return "--strict: " + empty.description
        case .partsIncomplete(let incomplete):
            return incomplete.description
        case .parts(let directory, let problem):
            return "\(directory)/\(BuildPart.folder): \(problem)"
        }
    }
}
