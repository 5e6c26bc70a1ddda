import Foundation

/// Where a stem plays: the frames whose RMS reaches a threshold, as runs of frame indices.
///
/// Frames are consecutive and non-overlapping, `frameSamples` long at the audio's own rate, so
/// the result does not depend on the feature rate, and an active run times the frame length is
/// exactly the seconds it lasts. A trailing partial frame is left out. RMS is accumulated in
/// double precision in sample order, so the same audio gives the same runs on any machine.
public struct StemActivity: Sendable, Hashable, Codable {
    public var sampleRate: Int
    public var frameSamples: Int
    /// Whole frames in the audio.
    public var frames: Int
    /// Maximal runs of active frames, ascending and disjoint: `[first, end)`.
    public var active: [Range<Int>]

    public init(sampleRate: Int, frameSamples: Int, frames: Int, active: [Range<Int>]) {
        self.sampleRate = sampleRate
        self.frameSamples = frameSamples
        self.frames = frames
        self.active = active
    }

    /// Measures `samples`: a frame is active when `20·log10(rms) ≥ thresholdDB`, so a silent
    /// frame (rms 0) never is.
    public init(samples: [Float], sampleRate: Int, frameSeconds: Double, thresholdDB: Double) {
        let length = max(1, Int((frameSeconds * Double(sampleRate)).rounded()))
        // Compared as mean square against the threshold's square: no log per frame.
        let floor = pow(10, thresholdDB / 10)
        var runs: [Range<Int>] = []
        let frames = samples.count / length
        samples.withUnsafeBufferPointer { x in
            var open: Int?
            for f in 0..<frames {
                var sum = 0.0
                for i in (f * length)..<((f + 1) * length) { sum += Double(x[i]) * Double(x[i]) }
                let active = sum / Double(length) >= floor
                if active, open == nil { open = f }
                if !active, let start = open { runs.append(start..<f); open = nil }
            }
            if let start = open { runs.append(start..<frames) }
        }
        self.init(sampleRate: sampleRate, frameSamples: length, frames: frames, active: runs)
    }

    /// Active seconds in each of `count` consecutive segments of `segmentSamples` samples at
    /// `rate` (the feature rate), starting at 0. A frame counts towards the segment its first
    /// sample falls in; frames past the last segment are left out.
    public func activeSeconds(segmentSamples: Int, atRate rate: Int, count: Int) -> [Double] {
        var frameCounts = [Int](repeating: 0, count: count)
        for run in active {
            for f in run {
                // Frame f starts at f·frameSamples/sampleRate seconds; segment k at k·segmentSamples/rate.
                let segment = (f * frameSamples * rate) / (segmentSamples * sampleRate)
                if segment < count { frameCounts[segment] += 1 }
            }
        }
        return frameCounts.map { Double($0 * frameSamples) / Double(sampleRate) }
    }
}
