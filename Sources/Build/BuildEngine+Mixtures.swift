import Balance
import Features
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe

/// What the activity stage leaves for planning: per stem source, its track and its active
/// seconds in each clip-length segment.
struct ActivityResult {
    var stems: [Int64: MixtureStem] = [:]
    var rejects: [Reject] = []
}

/// A stem's measured activity as cached in `units`, or why it could not be measured.
private enum ActivityOutcome: Codable {
    case activity(StemActivity)
    case reject(Reject)
}

extension BuildEngine {
    static let activityStage = "activity"

    /// Measures where each stem of the mixture corpora plays (cached per audio and rule), and
    /// turns it into active seconds per segment for the planner.
    func measureStemActivity(ingest: IngestResult, index: Index?, report: inout BuildReport) throws -> ActivityResult {
        let specs = Dictionary(uniqueKeysWithValues: recipe.corpora.compactMap { c in c.mixtures.map { (c.name, $0) } })
        guard !specs.isEmpty else { return ActivityResult() }
        let stems = ingest.accepted.filter { specs[$0.candidate.corpus] != nil }
        let cached = try UnitCache(stage: Self.activityStage, index: index)
        var outcomes: [String: ActivityOutcome] = [:]
        var pending: [(stem: Int, key: ContentKey)] = []
        let channel = recipe.features.parameters.channel
        for (i, (candidate, probed)) in stems.enumerated() {
            let spec = specs[candidate.corpus]!
            let name = Self.unitName(candidate)
            let key = ContentKey.of(["stage": Self.activityStage, "version": "1", "audio": probed.contentHash,
                                     "threshold_db": String(spec.thresholdDB), "frame_seconds": String(spec.frameSeconds),
                                     "channel": "\(channel)"])
            if let outcome = cached.reuse(name, key: key, as: ActivityOutcome.self, whyNew: "new stem",
                                          whyChanged: "audio or mixture rule changed", report: &report) {
                outcomes[name] = outcome
            } else {
                pending.append((i, key))
            }
        }

        // At the file's own rate: activity does not depend on the features, so changing them
        // does not measure every stem again.
        let loader = AudioLoader(targetRate: nil, resampler: recipe.features.parameters.resampler, channel: channel)
        if !pending.isEmpty { progress?(BuildProgress(stage: "activity", done: 0, total: pending.count)) }
        var units: [UnitRow] = []
        var done = 0
        WorkerPool.run(pending, jobs: options.jobs, work: { item -> ActivityOutcome in
            let candidate = stems[item.stem].candidate
            let spec = specs[candidate.corpus]!
            do throws(AudioError) {
                let audio = try loader.load(candidate.absolutePath)
                return .activity(StemActivity(samples: audio.samples, sampleRate: audio.sampleRate, frameSeconds: spec.frameSeconds,
                                              thresholdDB: spec.thresholdDB))
            } catch {
                return .reject(Reject(corpus: candidate.corpus, path: candidate.path, stage: .balance, code: error.reason.code,
                                      reason: "measuring stem activity: \(error.reason.description)"))
            }
        }) { i, outcome in
            let name = Self.unitName(stems[pending[i].stem].candidate)
            outcomes[name] = outcome
            units.append(cached.row(name, key: pending[i].key, outcome: outcome))
            done += 1
            if done % 16 == 0 || done == pending.count { progress?(BuildProgress(stage: "activity", done: done, total: pending.count)) }
        }
        try cached.store(units, keeping: Set(stems.map { Self.unitName($0.candidate) }), in: index, dryRun: options.dryRun)

        var result = ActivityResult()
        let rate = recipe.features.parameters.sampleRate
        let segment = recipe.clipSamples
        let loaderAtFeatureRate = AudioLoader(recipe.features.parameters)
        for (candidate, probed) in stems {
            let id = candidate.id
            switch outcomes[Self.unitName(candidate)] {
            case .activity(let activity):
                let count = loaderAtFeatureRate.resampledLength(frames: Int(probed.frames), sampleRate: probed.sampleRate) / segment
                // The subset is part of the name: a track could sit in train/ and test/ alike.
                let track = [candidate.attributes["subset"], candidate.attributes["track"] ?? candidate.group].compactMap { $0 }.joined(separator: "/")
                result.stems[id] =
                    MixtureStem(track: track, activeSeconds: activity.activeSeconds(segmentSamples: segment, atRate: rate, count: count))
            case .reject(let reject): result.rejects.append(reject)
            case nil: break
            }
        }
        return result
    }
}
