import Benchmarks
import Foundation
import Testing

/// The benchmarks' and the README's audio: the same seed and stream give the same samples, and
/// the signal is broadband, loud enough and never clips.
@Suite struct SyntheticMusicTests {
    @Test func theSameSeedAndStreamGiveTheSameSamples() {
        let a = SyntheticMusic.samples(seconds: 0.5, rate: 8000, seed: 3, stream: "a.wav", channels: 2)
        #expect(a.count == 8000)
        #expect(a == SyntheticMusic.samples(seconds: 0.5, rate: 8000, seed: 3, stream: "a.wav", channels: 2))
        #expect(a != SyntheticMusic.samples(seconds: 0.5, rate: 8000, seed: 4, stream: "a.wav", channels: 2))
        #expect(a != SyntheticMusic.samples(seconds: 0.5, rate: 8000, seed: 3, stream: "b.wav", channels: 2))
    }

    @Test func theSignalIsAudibleAndNeverClips() {
        let stereo = SyntheticMusic.samples(seconds: 2, rate: 8000, seed: 1, stream: "x", channels: 2)
        let left = stride(from: 0, to: stereo.count, by: 2).map { stereo[$0] }
        let right = stride(from: 1, to: stereo.count, by: 2).map { stereo[$0] }
        #expect(stereo.allSatisfy { abs($0) < 1 })
        let rms = (left.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(left.count)).squareRoot()
        #expect(rms > 0.03 && rms < 0.5, "rms \(rms)")
        // The right channel is the left at 0.9 plus a little noise of its own.
        #expect(left != right && zip(left, right).allSatisfy { abs($1 - 0.9 * $0) < 0.006 })
        let mono = SyntheticMusic.samples(seconds: 2, rate: 8000, seed: 1, stream: "x", channels: 1)
        #expect(mono == left)
    }
}
