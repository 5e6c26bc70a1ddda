import Foundation
import Index
import MelshardCore

/// What a finished whole build reported, kept beside the key over its inputs (`BuildInputs`) in
/// its `builds` row: a later build with the same inputs reports the same without running the
/// stages. Field names are those of `build --json`.
struct FinishedBuildSummary: Codable {
    /// Units per stage, every one of them (made or reused).
    var units: [String: Int]
    var sources: Int
    var clips: Int
    var shards: Int
    var rejects: Int
    var rejectsByCode: [String: Int]
    /// Rejects that are not kept warnings: what `--strict` fails on.
    var failures: Int
    var warnings: [String]
    /// The SHA-256 of `dataset.json` as the build wrote it.
    var cardSHA256: String

    enum CodingKeys: String, CodingKey {
        case units, sources, clips, shards, rejects, rejectsByCode = "rejects_by_code", failures, warnings
        case cardSHA256 = "card_sha256"
    }

    init(report: BuildReport, failures: Int, cardSHA256: String) {
        units = report.units.mapValues { $0.rebuilt + $0.reused }
        (sources, clips, shards) = (report.sources, report.clips, report.shards)
        (rejects, rejectsByCode, warnings) = (report.rejects, report.rejectsByCode, report.warnings)
        self.failures = failures
        self.cardSHA256 = cardSHA256
    }

    func json() throws -> String { try CanonicalJSON.string(self) }
}

extension BuildReport {
    /// The report of a build that found its inputs unchanged: every unit reused.
    mutating func reuseAll(_ summary: FinishedBuildSummary) {
        for (stage, count) in summary.units {
            units[stage, default: UnitCounts()].reused += count
            reused += count
        }
        (sources, clips, shards) = (summary.sources, summary.clips, summary.shards)
        (rejects, rejectsByCode, warnings) = (summary.rejects, summary.rejectsByCode, summary.warnings)
        inputsUnchanged = true
    }
}

extension BuildEngine {
    /// The last build's summary when nothing it read or wrote has changed since: it was a whole
    /// build that finished, its inputs key equals `inputsKey`, `dataset.json` has the bytes it
    /// wrote, and every shard it recorded has the size and modification time it recorded (a
    /// shard touched but unchanged sends the build down the full path, which checks its hash).
    /// Such a build would reuse every unit, so the caller stops after the scan. Nil means: run
    /// the stages. Only a whole build (or its dry run, which `status` makes) takes this path.
    func unchangedSince(
        index: Index?, build: Int64?, inputsKey: String?
    ) throws -> (summary: FinishedBuildSummary, json: String)? {
        guard options.role == .whole, let index, let inputsKey, let last = try index.lastBuildInputs(before: build),
            last.sha256 == inputsKey,
            let summary = try? JSONDecoder().decode(FinishedBuildSummary.self, from: Data(last.summary.utf8))
        else { return nil }
        if options.strict && summary.failures > 0 { return nil }
        guard (try? SHA256Digest.hex(ofFile: cardPath)) == summary.cardSHA256 else { return nil }
        let recorded = try index.shards()
        guard recorded.count == summary.shards else { return nil }
        for (name, row) in recorded {
            guard let status = DurableFile.status(shardsDirectory + "/" + name + ".safetensors"),
                status.size == row.byteSize, status.mtimeNanoseconds == row.mtimeNanoseconds
            else { return nil }
        }
        return (summary, last.summary)
    }
}
