import AudioDSP
import Balance
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
        let channel = recipe.features.parameters.channel
        // At the file's own rate: activity does not depend on the features, so changing them
        // does not measure every stem again.
        let loader = AudioLoader(targetRate: nil, resampler: recipe.features.parameters.resampler, channel: channel)
        let units = try UnitRunner<ActivityOutcome>(stage: Self.activityStage, index: index, dryRun: options.dryRun)
        let outcomes = try units.run(
            stems, name: { Self.unitName($0.candidate) },
            key: { stem in
                let spec = specs[stem.candidate.corpus]!
                return ContentKey.of([
                    "stage": Self.activityStage, "version": "1", "audio": stem.probed.contentHash,
                    "threshold_db": String(spec.thresholdDB), "frame_seconds": String(spec.frameSeconds),
                    "channel": "\(channel)",
                ])
            }, why: ("new stem", "audio or mixture rule changed"), jobs: options.jobs, progressEvery: 16,
            progress: progress,
            report: &report
        ) { stem -> ActivityOutcome in
            let candidate = stem.candidate
            let spec = specs[candidate.corpus]!
            do throws(AudioError) {
                let audio = try loader.load(candidate.absolutePath)
                return .activity(
                    StemActivity(
                        samples: audio.samples, sampleRate: audio.sampleRate, frameSeconds: spec.frameSeconds,
                        thresholdDB: spec.thresholdDB))
            } catch {
                return .reject(
                    Reject(
                        corpus: candidate.corpus, path: candidate.path, stage: .balance, code: error.reason.code,
                        reason: "measuring stem activity: \(error.reason.description)"))
            }
        }

        var result = ActivityResult()
        let rate = recipe.features.parameters.sampleRate
        let segment = recipe.clipSamples
        let loaderAtFeatureRate = AudioLoader(recipe.features.parameters)
        for ((candidate, probed), outcome) in zip(stems, outcomes) {
            let id = candidate.id
            switch outcome {
            case .activity(let activity):
                let count =
                    loaderAtFeatureRate.resampledLength(frames: Int(probed.frames), sampleRate: probed.sampleRate)
                    / segment
                // The subset is part of the name: a track could sit in train/ and test/ alike.
                let track = [candidate.attributes["subset"], candidate.attributes["track"] ?? candidate.group]
                    .compactMap { $0 }.joined(separator: "/")
                result.stems[id] =
                    MixtureStem(
                        track: track,
                        activeSeconds: activity.activeSeconds(segmentSamples: segment, atRate: rate, count: count))
            case .reject(let reject): result.rejects.append(reject)
            case nil: break
            }
        }
        return result
    }
}
