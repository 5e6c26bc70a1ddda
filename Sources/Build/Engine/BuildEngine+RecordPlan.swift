import Balance
import Foundation
import Index
import Ingest
import MelshardCore

extension BuildEngine {
    static let planStage = "plan"

    /// Writes the plan tables (corpora, sources, labels, clips, rejects, word spans) when anything
    /// in them changed, judged by one key over every row; a no-op build writes none of them.
    /// The word spans come hashed already (`AlignResult.spansKey`) and wait in a scratch file
    /// (`WordSpanSpool`): a dry run keeps no rows.
    func recordPlan(
        _ plan: ClipPlan, shards: [ShardLayout.Shard], ingest: IngestResult, rejects: [Reject],
        aligned: AlignResult,
        recipeJSON: String, index: Index?, report: inout BuildReport
    ) throws {
        let corpora = recipe.corpora.map { CorpusRow(name: $0.name, kind: $0.kind.rawValue, root: $0.root) }
        // Made as they are hashed and as they are inserted, never held: a million rows.
        let sources = ingest.accepted.lazy.map { candidate, probed in
            SourceRow(
                id: candidate.id, corpus: candidate.corpus, path: candidate.path, size: candidate.size,
                mtimeNanoseconds: candidate.mtimeNanoseconds, contentHash: probed.contentHash, format: probed.format,
                sampleRate: probed.sampleRate, channels: probed.channels, frames: probed.frames, group: candidate.group,
                officialSplit: candidate.officialSplit,
                labels: plan.sourceLabels[candidate.id] ?? [],
                manifest: candidate.origin?.manifest, manifestLine: candidate.origin?.line,
                attributes: candidate.attributes)
        }
        // A shard holds whole sources, and a clip's `sourceID` (a mixture's anchor stem) is one
        // of its shard's sources: so the shard of every clip comes from a map per source, and
        // the clip rows are made one at a time as they are hashed and inserted, never held as an
        // array (docs/build.md, "Memory").
        var shardOfSource: [Int64: String] = [:]
        for shard in shards { for id in shard.sources { shardOfSource[id] = shard.name } }
        let rate = Double(recipe.features.parameters.sampleRate)
        let clips = plan.clips.lazy.map { c in
            ClipRow(
                id: c.id, sourceID: c.sourceID, startSample: c.start, lengthSamples: c.length,
                startSeconds: Double(c.start) / rate,
                durationSeconds: Double(c.length) / rate, split: c.split, fold: c.fold, reason: c.reason,
                shard: shardOfSource[c.sourceID] ?? "",
                labels: c.labels, mixture: c.mixture)
        }
        let rejectRows = rejects.map(RejectRow.init)

        // The key leaves out size and mtime: a touched but unchanged file must not rewrite
        // 100,000 clip rows; those two columns are refreshed in place below.
        var key = ContentKey.Builder()
        key.add("recipe", recipeJSON)
        for c in corpora { key.add("corpus", "\(c.name)\t\(c.kind)\t\(c.root)") }
        key.add("labels", plan.labels.joined(separator: "\n"))
        for s in sources {
            key.add(
                "source",
                "\(s.id)\t\(s.corpus)\t\(s.path)\t\(s.contentHash)\t\(s.format)\t\(s.sampleRate)\t\(s.channels)\t"
                    + "\(s.frames)\t\(s.group)\t\(s.officialSplit ?? "")\t\(s.labels)\t\(s.manifest ?? "")\t\(s.manifestLine ?? 0)"
            )
            for (k, v) in s.attributes { key.add("attribute", "\(k)\t\(v)") }
        }
        for c in clips {
            key.add(
                "clip",
                "\(c.id)\t\(c.sourceID)\t\(c.startSample)\t\(c.lengthSamples)\t\(c.split)\t\(c.fold ?? -1)\t"
                    + "\(c.reason)\t\(c.shard)\t\(c.labels)" + (c.mixture.isEmpty ? "" : "\t\(c.mixture)"))
        }
        key.add("spans", aligned.spansKey.finish().hex)
        for r in rejectRows {
            key.add(
                "reject", "\(r.corpus ?? "")\t\(r.path)\t\(r.line ?? 0)\t\(r.stage)\t\(r.code)\t\(r.reason)\t\(r.kept)")
        }
        let planKey = key.finish().hex

        if try index?.meta("plan_key") == planKey {
            report.count(Self.planStage, rebuilt: false)
            if !options.dryRun, let index { try index.refreshSourceStatus(sources) }
            return
        }
        report.redo(
            .init(
                stage: Self.planStage, name: "plan",
                reasons: [index == nil ? "new output directory" : "sources or recipe changed"]))
        guard !options.dryRun, let index else { return }
        precondition(
            aligned.corpora.isEmpty || aligned.spans != nil, "a run that records the plan keeps its word spans")
        let spans = try aligned.spans?.finish()
        try index.transaction {
            try index.replacePlan(
                corpora: corpora, labels: plan.labels, sources: sources, clips: clips, rejects: rejectRows,
                wordSpans: spans.map(AnySequence.init) ?? AnySequence([]))
            try index.setMeta("recipe_path", options.recipePath)
            try index.setMeta("recipe_json", recipeJSON)
            try index.setMeta("format_version", String(ShardFormat.version))
            try index.setMeta("plan_key", planKey)
        }
    }
}
