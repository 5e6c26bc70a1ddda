import Features
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe

/// The sources of a build: those that probed cleanly, in corpus then path order, and the rest.
struct IngestResult {
    var accepted: [(candidate: SourceCandidate, probed: ProbedSource)]
    var rejects: [Reject]
}

/// A probe unit's cached outcome.
private enum ProbeOutcome: Codable {
    case source(ProbedSource)
    case reject(Reject)
}

extension BuildEngine {
    static let probeStage = "probe"
    static let probeBatch = 256

    func ingestSources(index: Index?, report: inout BuildReport) throws -> IngestResult {
        var candidates: [SourceCandidate] = []
        var rejects: [Reject] = []
        let context = IngestContext(workDirectory: options.outputDirectory + "/decoded", mayWrite: !options.dryRun)
        for corpus in recipe.corpora {
            let scan: CorpusScan
            do { scan = try CorpusReader.scan(corpus, context: context) } catch { throw BuildError.corpus(error) }
            candidates += scan.candidates
            rejects += scan.rejects
            report.ignoredFiles += scan.ignoredFiles
        }
        let cached = try UnitCache(stage: Self.probeStage, index: index)
        var outcomes = [ProbeOutcome?](repeating: nil, count: candidates.count)
        var pending: [(position: Int, key: ContentKey)] = []
        for (i, candidate) in candidates.enumerated() {
            let name = Self.unitName(candidate)
            let key = probeKey(candidate)
            if let outcome = cached.reuse(name, key: key, as: ProbeOutcome.self, whyNew: "new source",
                                          whyChanged: "size or modification time changed", report: &report) {
                outcomes[i] = outcome
            } else {
                pending.append((i, key))
            }
        }

        let loader = AudioLoader(recipe.features.parameters)
        var done = 0
        if !pending.isEmpty { progress?(BuildProgress(stage: "probe", done: 0, total: pending.count)) }
        for start in stride(from: 0, to: pending.count, by: Self.probeBatch) {
            let batch = Array(pending[start..<min(start + Self.probeBatch, pending.count)])
            var units: [UnitRow] = []
            let work = batch.map { candidates[$0.position] }
            WorkerPool.run(work, jobs: options.jobs, work: { ProbedSource.probe($0, loader: loader) }) { i, result in
                let outcome: ProbeOutcome = switch result {
                case .success(let probed): .source(probed)
                case .failure(let reject): .reject(reject)
                }
                outcomes[batch[i].position] = outcome
                units.append(cached.row(Self.unitName(work[i]), key: batch[i].key, outcome: outcome))
            }
            if !options.dryRun, let index {
                try index.transaction { try index.putUnits(units) }
                FaultInjection.point("probe-batch")
            }
            done += batch.count
            progress?(BuildProgress(stage: "probe", done: done, total: pending.count))
        }
        // Probed units were stored batch by batch above; what is left is forgetting the gone ones.
        try cached.store([], keeping: Set(candidates.map(Self.unitName)), in: index, dryRun: options.dryRun)

        var accepted: [(SourceCandidate, ProbedSource)] = []
        for (candidate, outcome) in zip(candidates, outcomes) {
            switch outcome {
            case .source(let probed)?: accepted.append((candidate, probed))
            case .reject(let reject)?: rejects.append(reject)
            case nil: break
            }
        }
        let duplicates = DuplicateAudio.merge(accepted)
        return IngestResult(accepted: duplicates.accepted, rejects: rejects + duplicates.notices)
    }

    static func unitName(_ candidate: SourceCandidate) -> String { "\(candidate.corpus)/\(candidate.path)" }

    /// Probing depends on the file's identity as the file system reports it, like make's
    /// timestamps; the content hash taken while probing is what later stages key on.
    /// The channel selection is in the key because probing rejects a file without the chosen channel.
    func probeKey(_ c: SourceCandidate) -> ContentKey {
        ContentKey.of(["stage": "probe", "version": "1", "corpus": c.corpus, "path": c.path,
                       "size": String(c.size), "mtime_ns": String(c.mtimeNanoseconds),
                       "channel": recipe.features.parameters.channel.description])
    }
}
