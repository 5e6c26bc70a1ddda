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
        // Each path's first origin, not a copy of its candidate; and the kept candidates are
        // sorted through their positions, so a million of them are moved once, not at every swap.
        var first: [PathKey: ManifestOrigin?] = [:]
        var kept: [SourceCandidate] = []
        for candidate in candidates {
            if let earlier = first[PathKey(candidate.path)] {
                let whereFirst = earlier.map { " (first at \($0))" } ?? ""
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
            first[PathKey(candidate.path)] = .some(candidate.origin)
            kept.append(candidate)
        }
        let order = kept.indices.sorted { PathKey(kept[$0].path) < PathKey(kept[$1].path) }
        candidates = order.map { kept[$0] }
    }
}
