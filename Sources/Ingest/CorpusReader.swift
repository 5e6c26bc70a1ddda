import MelshardCore
import Recipe

/// Where a build may put files a reader derives from the corpus (MUSDB18's decoded
/// `.stem.mp4` streams); never inside the corpus root.
public struct IngestContext: Sendable {
    /// `OUT/decoded`.
    public var workDirectory: String?
    /// False in a dry run: files an earlier build derived may be read, none written.
    public var mayWrite: Bool

    public init(workDirectory: String?, mayWrite: Bool = true) {
        self.workDirectory = workDirectory
        self.mayWrite = mayWrite
    }
}

/// Picks the reader of a corpus's kind and makes its result safe to build from: each file
/// listed once, in path order.
public enum CorpusReader {
    public static func scan(_ spec: CorpusSpec, context: IngestContext) throws(CorpusError) -> CorpusScan {
        let root = try CorpusRoot(spec)
        var scan: CorpusScan =
            switch spec.options {
            case .folder: FolderCorpus.scan(spec, root: root)
            case .table(let options): try TableCorpus.scan(options, root: root)
            case .mtgJamendo(let options): try JamendoCorpus.scan(options, root: root)
            case .commonVoice(let options): try CommonVoiceCorpus.scan(options, root: root)
            case .gtzan(let options): try GTZANCorpus.scan(options, root: root)
            case .ballroom(let options): try BallroomCorpus.scan(options, root: root)
            case .musdb(let options): try MUSDBCorpus.scan(options, root: root, context: context)
            case .speechCommands(let options): try SpeechCommandsCorpus.scan(options, root: root)
            }
        scan.rejectDuplicateRows()
        return scan
    }
}

extension CorpusScan {
    /// A file listed twice (the same row repeated, or two rows naming one file) is one source:
    /// the first row wins and each later one is a `duplicate-row` reject naming the first.
    /// "One file" means the same bytes: `café` in NFC and in NFD are two files on Linux.
    mutating func rejectDuplicateRows() {
        // Keyed by the candidate's id, the hash of its corpus and path: an integer hashes and
        // compares in an instruction where a path takes a pass over its bytes, at a million
        // rows. Equal ids of unequal paths (a 64-bit collision) are not duplicates. The kept
        // candidates are sorted through their positions, so each is copied once, not at every swap.
        var first: [Int64: Int] = [:]
        first.reserveCapacity(candidates.count)
        var kept: [Int] = []
        kept.reserveCapacity(candidates.count)
        for (position, candidate) in candidates.enumerated() {
            if let earlier = first[candidate.id], candidates[earlier].path.utf8.elementsEqual(candidate.path.utf8) {
                let whereFirst = candidates[earlier].origin.map { " (first at \($0))" } ?? ""
                let reason = "\(candidate.path) is listed again\(whereFirst); this row is ignored"
                if let origin = candidate.origin {
                    rejects.append(
                        Reject(
                            corpus: candidate.corpus, path: origin.manifest, line: origin.line, stage: .ingest,
                            code: "duplicate-row", reason: reason))
                } else {
                    rejects.append(
                        Reject(
                            corpus: candidate.corpus, path: candidate.path, stage: .ingest, code: "duplicate-row",
                            reason: reason))
                }
                continue
            }
            if first[candidate.id] == nil { first[candidate.id] = position }
            kept.append(position)
        }
        kept.sort { PathKey(candidates[$0].path) < PathKey(candidates[$1].path) }
        candidates = kept.map { candidates[$0] }
    }
}
