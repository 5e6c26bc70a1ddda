import Foundation

/// Study 004's evaluation per track: every patch of a track votes for its highest-scored class,
/// and the track gets the class with the most votes; clip-level and track-level accuracy side
/// by side.
///
/// A tie between classes with the same number of votes goes to the one whose softmax
/// probabilities, summed over the track's patches, are highest (probabilities rather than
/// logits, so each patch weighs the same whatever the scale of its logits); a tie in that sum
/// too goes to the lower class index. A track's true class is its patches' (all patches of a
/// source carry its label; should they differ, the most frequent, lower index first).
public struct MajorityVote: Sendable, Equatable, Codable {
    public var clips: Int
    public var tracks: Int
    /// Share of patches predicted right on their own.
    public var clipAccuracy: Double
    /// Share of tracks whose vote is right.
    public var trackAccuracy: Double
    /// Tracks whose vote was decided by the summed scores.
    public var tiesBroken: Int
    /// Every track, in the order of its first patch.
    public var votes: [TrackVote]

    enum CodingKeys: String, CodingKey {
        case clips, tracks, votes
        case clipAccuracy = "clip_accuracy", trackAccuracy = "track_accuracy", tiesBroken = "ties_broken"
    }

    /// Votes over single-label `predictions` whose clips carry their source
    /// (`Predictions.attachingSources`).
    ///
    /// - Throws: `.invalidOption` for multi-label predictions, `.dataset` when a clip has no
    ///   source, `.emptySplit` without clips.
    public static func vote(_ predictions: Predictions) throws(EvaluationError) -> MajorityVote {
        guard !predictions.multiLabel else {
            throw EvaluationError(
                .invalidOption, path: predictions.split, problem: "a vote per track needs single-label predictions")
        }
        guard !predictions.clips.isEmpty else {
            throw EvaluationError(.emptySplit, path: predictions.split, problem: "no clips to vote with")
        }
        if let orphan = predictions.clips.first(where: { $0.source == nil }) {
            throw EvaluationError(
                .dataset, path: predictions.split,
                problem: "clip \(orphan.clipID) has no source to vote with",
                fix: "give the build's index.sqlite, which maps clip ids to sources")
        }
        let classes = predictions.classes.count
        var order: [String] = []
        var groups: [String: [ClipPrediction]] = [:]
        for clip in predictions.clips {
            let source = clip.source!
            if groups[source] == nil { order.append(source) }
            groups[source, default: []].append(clip)
        }
        let all = Array(0..<classes)
        var votes: [TrackVote] = []
        var clipCorrect = 0, trackCorrect = 0, ties = 0
        for source in order {
            let patches = groups[source]!
            var count = [Int](repeating: 0, count: classes)
            var labels = [Int](repeating: 0, count: classes)
            var summed = [Double](repeating: 0, count: classes)
            for patch in patches {
                let predicted = ClassRanking.top(patch.logits, among: all)
                count[predicted] += 1
                if let label = patch.label {
                    labels[label] += 1
                    if label == predicted { clipCorrect += 1 }
                }
                for (c, p) in Self.softmax(patch.logits).enumerated() { summed[c] += p }
            }
            let most = count.max()!
            let tied = all.filter { count[$0] == most }
            let voted = tied.count == 1 ? tied[0] : tied.max { (summed[$0], -$0) < (summed[$1], -$1) }!
            let label = all.max { (labels[$0], -$0) < (labels[$1], -$1) }!
            if voted == label { trackCorrect += 1 }
            if tied.count > 1 { ties += 1 }
            votes.append(
                TrackVote(
                    source: source, clips: patches.count, label: label, voted: voted, votes: count,
                    tieBroken: tied.count > 1))
        }
        return MajorityVote(
            clips: predictions.clips.count, tracks: votes.count,
            clipAccuracy: Double(clipCorrect) / Double(predictions.clips.count),
            trackAccuracy: Double(trackCorrect) / Double(votes.count), tiesBroken: ties, votes: votes)
    }

    /// Softmax in double precision, shifted by the maximum so no exponential overflows.
    static func softmax(_ logits: [Float]) -> [Double] {
        let top = Double(logits.max() ?? 0)
        let exps = logits.map { exp(Double($0) - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
