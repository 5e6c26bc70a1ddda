import Index
import MelshardCore

/// Every reject a build recorded, as `melshard rejects` lists them: by stage in pipeline order,
/// then corpus, file and line.
public enum RejectList {
    public static func read(directory: String) throws -> [Reject] {
        try IndexDamage.detecting(in: directory) { try readIndex(directory: directory) }
    }

    private static func readIndex(directory: String) throws -> [Reject] {
        let index = try Index(directory: directory, readOnly: true)
        let stages = Reject.Stage.allCases
        return try index.rejects().compactMap { row -> Reject? in
            guard let stage = Reject.Stage(rawValue: row.stage) else { return nil }
            return Reject(
                corpus: row.corpus, path: row.path, line: row.line, stage: stage, code: row.code,
                reason: row.reason, kept: row.kept)
        }.sorted {
            (stages.firstIndex(of: $0.stage)!, $0.corpus ?? "", $0.path, $0.line ?? 0, $0.code)
                < (stages.firstIndex(of: $1.stage)!, $1.corpus ?? "", $1.path, $1.line ?? 0, $1.code)
        }
    }
}
