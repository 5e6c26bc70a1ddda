import AudioDSP
import Foundation
import Testing

/// Mixing stems and measuring where a stem plays.
@Suite struct StemMixTests {
    @Test func aMixtureThatFitsIsExactlyTheSumOfItsStems() {
        let a: [Float] = [0.25, -0.5, 0.125, 0.3]
        let b: [Float] = [0.5, 0.25, -0.75, 0.1]
        let c: [Float] = [0.125, 0.125, 0.5, -0.2]
        let sum: [Float] = (0..<4).map { i -> Float in (a[i] + b[i]) + c[i] }
        #expect(StemMix.mix([a, b, c]) == sum)
        #expect(StemMix.mix([a]) == a)
    }

    @Test func aSumThatWouldClipIsScaledToAPeakOfExactlyOne() {
        let mixed = StemMix.mix([[0.75, -0.5, 0.25], [0.75, -0.25, 0.5]])
        // Sum 1.5, -0.75, 0.75: divided by the peak 1.5.
        #expect(mixed == [1, -0.5, 0.5])
        let negative = StemMix.mix([[-0.9, 0.1], [-0.6, 0.2]])
        #expect(negative.map(abs).max() == 1 && negative[0] == -1)
        // A peak of exactly 1 is not clipping and is left alone.
        #expect(StemMix.mix([[0.5, 0.2], [0.5, 0.1]]) == [1, Float(0.2) + Float(0.1)])
    }

    @Test func activityCountsFramesAtOrAboveTheThreshold() {
        // 100-Hz frames of 10 samples: loud (RMS 0.5, -6 dB), quiet (RMS 0.005, -46 dB), silent.
        let loud = [Float](repeating: 0.5, count: 10), quiet = [Float](repeating: 0.005, count: 10),
            silent = [Float](repeating: 0, count: 10)
        let samples = loud + loud + quiet + silent + loud + quiet + [0.5, 0.5, 0.5]  // a trailing partial frame
        let activity = StemActivity(samples: samples, sampleRate: 100, frameSeconds: 0.1, thresholdDB: -40)
        #expect(activity.frames == 6 && activity.frameSamples == 10)
        #expect(activity.active == [0..<2, 4..<5])
        #expect(
            StemActivity(samples: samples, sampleRate: 100, frameSeconds: 0.1, thresholdDB: -50).active == [
                0..<3, 4..<6,
            ])
        // A threshold equal to a frame's level counts it as active.
        let edge = StemActivity(samples: loud, sampleRate: 100, frameSeconds: 0.1, thresholdDB: 20 * log10(0.5))
        #expect(edge.active == [0..<1])
    }

    @Test func activeSecondsAreCountedPerSegmentAtTheFeatureRate() {
        // Frames of 0.1 s at 44.1 kHz (4410 samples); segments of 1 s at 12 kHz.
        let activity = StemActivity(
            sampleRate: 44100, frameSamples: 4410, frames: 35, active: [0..<3, 8..<14, 25..<35])
        #expect(
            activity.activeSeconds(segmentSamples: 12000, atRate: 12000, count: 3).map { ($0 * 10).rounded() / 10 } == [
                0.5, 0.4, 0.5,
            ])
        // Segments past the audio's last whole segment are not asked for; frames past `count` are left out.
        #expect(
            activity.activeSeconds(segmentSamples: 24000, atRate: 12000, count: 1).map { ($0 * 10).rounded() / 10 } == [
                0.9
            ])
    }
}
