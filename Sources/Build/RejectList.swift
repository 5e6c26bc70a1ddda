import Index
import MelshardCore

/// Every reject a build recorded, as `melshard rejects` lists them: by stage in pipeline order,
/// then corpus, file and line.
public enum RejectList {
    public static func read(directory: String) throws -> [Reject] {
        let index = try Index(directory: directory, readOnly: true)
        let rows = try index.database.execute("SELECT corpus, path, line, stage, code, reason, kept FROM rejects")
        let stages = Reject.Stage.allCases
        return rows.compactMap { row -> Reject? in
            guard let stage = row[3].text.flatMap(Reject.Stage.init(rawValue:)) else { return nil }
            return Reject(corpus: row[0].text, path: row[1].text ?? "", line: row[2].int, stage: stage, code: row[4].text ?? "",
                          reason: row[5].text ?? "", kept: row[6].int == 1)
        }.sorted {
            (stages.firstIndex(of: $0.stage)!, $0.corpus ?? "", $0.path, $0.line ?? 0, $0.code)
                < (stages.firstIndex(of: $1.stage)!, $1.corpus ?? "", $1.path, $1.line ?? 0, $1.code)
        }
    }
}
