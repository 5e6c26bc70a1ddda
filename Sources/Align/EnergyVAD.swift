import Foundation

/// A stretch of a recording, in seconds.
public struct TimeSpan: Sendable, Hashable, Codable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var duration: Double { end - start }
    public var centre: Double { (start + end) / 2 }

    public func contains(_ other: TimeSpan) -> Bool { other.start >= start && other.end <= end }
}

/// Finds where speech starts and ends in a recording from frame energy alone.
///
/// Common Voice clips open and close with silence of unknown length (0.2–2.5 s is usual), often
/// with a click from the record button or a breath before the first word. The detector:
/// 1. computes frame energy in dB (25 ms frames, 10 ms hop);
/// 2. estimates the noise floor (10th percentile) and the speech level (99th percentile), and
///    marks frames above `floor + max(minimumRiseDB, riseFraction × (level − floor))`;
/// 3. keeps only runs of marked frames that last `minimumSpeech` or longer *and* reach within
///    `peakWindowDB` of the speech level: a click is too short, a breath too quiet;
/// 4. widens the first and last run outward while the energy stays `edgeRiseDB` above the floor
///    (hysteresis), so a soft onset ("h", "f") or a trailing fricative is kept.
public struct EnergyVAD: Sendable, Hashable {
    public var frameSeconds = 0.025
    public var hopSeconds = 0.010
    public var minimumRiseDB = 6.0
    public var riseFraction = 0.3
    public var minimumSpeech = 0.06
    public var peakWindowDB = 20.0
    public var edgeRiseDB = 4.0
    /// How far the edges may widen, in seconds.
    public var maximumEdgeWidening = 0.25

    public init() {}

    /// Frame energies in dB, one per hop.
    public func frameEnergies(_ samples: [Float], sampleRate: Int) -> [Double] {
        let frame = max(1, Int(frameSeconds * Double(sampleRate)))
        let hop = max(1, Int(hopSeconds * Double(sampleRate)))
        guard samples.count >= frame else {
            let e = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))
            return [10 * log10(e + 1e-12)]
        }
        var result: [Double] = []
        result.reserveCapacity((samples.count - frame) / hop + 1)
        var start = 0
        while start + frame <= samples.count {
            var sum = 0.0
            for i in start..<(start + frame) { sum += Double(samples[i]) * Double(samples[i]) }
            result.append(10 * log10(sum / Double(frame) + 1e-12))
            start += hop
        }
        return result
    }

    /// The speech span, or nil when nothing in the recording looks like speech.
    public func speechSpan(_ samples: [Float], sampleRate: Int) -> TimeSpan? {
        let energy = frameEnergies(samples, sampleRate: sampleRate)
        let sorted = energy.sorted()
        let floor = sorted[Int(Double(sorted.count - 1) * 0.10)]
        let level = sorted[Int(Double(sorted.count - 1) * 0.99)]
        let threshold = floor + max(minimumRiseDB, riseFraction * (level - floor))
        let minimumFrames = max(1, Int((minimumSpeech / hopSeconds).rounded()))

        var runs: [Range<Int>] = []
        var i = 0
        while i < energy.count {
            guard energy[i] > threshold else { i += 1; continue }
            var j = i
            var peak = -Double.infinity
            while j < energy.count && energy[j] > threshold { peak = max(peak, energy[j]); j += 1 }
            if j - i >= minimumFrames && peak >= level - peakWindowDB { runs.append(i..<j) }
            i = j
        }
        guard var first = runs.first?.lowerBound, var last = runs.last?.upperBound else { return nil }
        let edge = floor + edgeRiseDB
        let widen = Int(maximumEdgeWidening / hopSeconds)
        var steps = 0
        while first > 0 && energy[first - 1] > edge && steps < widen { first -= 1; steps += 1 }
        steps = 0
        while last < energy.count && energy[last] > edge && steps < widen { last += 1; steps += 1 }
        let duration = Double(samples.count) / Double(sampleRate)
        // Frame k covers [k·hop, k·hop + frame]: the span runs from the first frame's start to the
        // last frame's end.
        return TimeSpan(
            start: Double(first) * hopSeconds,
            end: min(duration, Double(last - 1) * hopSeconds + frameSeconds))
    }
}
