import Foundation
import MelshardCore
import Recipe

/// What a mixture corpus gave, for the card.
public struct MixtureSummary: Sendable, Hashable, Encodable {
    /// Tracks with at least one stem; those with every stem and a kept segment.
    public var tracks = 0, tracksMixed = 0
    /// Whole segments of the complete tracks, and those where every stem plays long enough.
    public var segments = 0, segmentsKept = 0
    /// Stem combinations per kept segment.
    public var combinations = 0

    enum CodingKeys: String, CodingKey {
        case tracks, tracksMixed = "tracks_mixed", segments, segmentsKept = "segments_kept", combinations
    }
}

/// A track of a mixture corpus as the planner gathers it: its stems' sources by stem name.
struct MixtureTrack {
    var corpus: String
    /// The track's name in its corpus (`train/Artist - Title`).
    var name: String
    var stems: [String: PlanSource] = [:]
    /// Each stem's position among the planned sources, by stem name: a planner unit names its
    /// source by position.
    var positions: [String: Int] = [:]

    mutating func add(_ source: PlanSource, at position: Int, as stem: String) {
        stems[stem] = source
        positions[stem] = position
    }
}

/// What one track gives: the segments every stem plays in, and the stems to combine.
/// A class, so that every other unit pays one pointer for the field.
final class MixtureUnit {
    /// The corpus's stems in order, with their class and source.
    let stems: [(name: String, label: Int, source: Int64)]
    /// Indices of the kept segments, ascending.
    let segments: [Int]
    /// Whole segments in the track.
    let segmentCount: Int

    init(stems: [(name: String, label: Int, source: Int64)], segments: [Int], segmentCount: Int) {
        (self.stems, self.segments, self.segmentCount) = (stems, segments, segmentCount)
    }

    /// Every non-empty combination of the stems, as bit masks over `stems`, in increasing order:
    /// 2^n − 1 of them (15 for four stems).
    var combinations: ClosedRange<Int> { 1...((1 << stems.count) - 1) }

    func members(_ mask: Int) -> [(name: String, label: Int, source: Int64)] {
        stems.indices.filter { mask & (1 << $0) != 0 }.map { stems[$0] }
    }
}

/// Turns the stems of a mixture corpus into one unit per track, or rejects saying why not
/// (docs/balance.md, "Stem mixtures"). A track needs every stem the corpus selects; a segment is
/// kept when every stem is active for at least `minActiveSeconds` of it.
struct StemMixturePlanner {
    var spec: StemMixtureSpec
    /// The corpus's stems, in its order, as class names after `[classes]` merges.
    var stemNames: [String]
    var clipSamples: Int
    var sampleRate: Int

    enum Outcome {
        case planned(MixtureUnit)
        /// With the track's whole segments (0 when a stem is missing).
        case refused([Reject], segments: Int)
    }

    func unit(for track: MixtureTrack, labelIndex: [String: Int]) -> Outcome {
        let missing = stemNames.filter { track.stems[$0] == nil }
        if !missing.isEmpty {
            return .refused(
                track.stems.values.sorted { $0.path < $1.path }.map { source in
                    Reject(
                        corpus: source.corpus, path: source.path, stage: .balance, code: "incomplete-track",
                        reason:
                            "track '\(track.name)' has no usable \(missing.joined(separator: ", ")) stem (see its own reject), "
                            + "and a mixture needs all of \(stemNames.joined(separator: ", "))")
                }, segments: 0)
        }
        let sources = stemNames.map { track.stems[$0]! }
        let activity = sources.map { $0.mixtureStem?.activeSeconds ?? [] }
        let count = zip(sources, activity).map { min($0.samplesAtFeatureRate / clipSamples, $1.count) }.min() ?? 0
        let kept = (0..<count).filter { k in activity.allSatisfy { $0[k] >= spec.minActiveSeconds } }
        guard !kept.isEmpty else {
            let seconds = Double(clipSamples) / Double(sampleRate)
            let best = zip(stemNames, activity).map { name, a in
                "\(name) \(formatted(a.prefix(count).max() ?? 0)) s"
            }.joined(separator: ", ")
            return .refused(
                [
                    Reject(
                        corpus: track.corpus, path: "track \(track.name)", stage: .balance, code: "no-active-segment",
                        reason: "none of its \(count) segments of \(formatted(seconds)) s has every stem active for "
                            + "\(formatted(spec.minActiveSeconds)) s (most active per stem: \(best))")
                ], segments: count)
        }
        return .planned(
            MixtureUnit(
                stems: zip(stemNames, sources).map { ($0, labelIndex[$0]!, $1.id) }, segments: kept, segmentCount: count
            ))
    }

    private func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
