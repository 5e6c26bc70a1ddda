import Foundation
import SoundFile
import TestSupport
import Testing

@testable import AudioDSP

/// Float files can hold NaN and infinities; every decode refuses them with the first one's time.
@Suite struct NonFiniteAudioTests {
    let directory = TemporaryDirectory("non-finite")

    /// A 1 s float WAV at 8 kHz (stereo when asked) with `bad` at frame `at`, channel 1 when stereo.
    func file(_ name: String, bad: Float, at frame: Int, channels: Int = 1) throws -> String {
        var samples = (0..<(8000 * channels)).map { Float(sin(Double($0) * 0.01)) * 0.5 }
        samples[frame * channels + channels - 1] = bad
        let path = directory.file(name)
        try SoundFile.write(samples, channels: channels, sampleRate: 8000, format: .wavFloat, to: path)
        return path
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func loadingRefusesTheFileAndNamesTheFirstBadSample(_ bad: Float) throws {
        let path = try file("bad.wav", bad: bad, at: 6000)
        for loader in [AudioLoader(targetRate: nil), AudioLoader(targetRate: 16000)] {
            let error = #expect(throws: AudioError.self) { try loader.load(path) }
            #expect(error?.path == path)
            #expect(error?.reason == .nonFinite(second: 0.75))
            #expect(error?.reason.code == "non-finite-audio")
            #expect(error?.description.contains("0.75 s is NaN or infinite") == true)
        }
    }

    @Test func clipsRefuseOnlyWhenTheirStretchHoldsTheBadSample() throws {
        let path = try file("stereo.wav", bad: .nan, at: 7000, channels: 2)
        let loader = AudioLoader(targetRate: nil)
        // The first half second never reaches frame 7000: its clip is computed as usual.
        let early = try loader.clips([ClipRegion(start: 0, length: 4000)], from: path)
        #expect(early[0].count == 4000 && early[0].allSatisfy(\.isFinite))
        let error = #expect(throws: AudioError.self) {
            try loader.clips([ClipRegion(start: 0, length: 4000), ClipRegion(start: 6000, length: 2000)], from: path)
        }
        #expect(error?.reason == .nonFinite(second: 0.875))
    }

    @Test func theScanFindsEachPositionAndPassesFiniteExtremes() {
        let finite: [Float] = [0, -0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 1]
        finite.withUnsafeBufferPointer { #expect(AudioLoader.firstNonFinite($0) == nil) }
        for position in [0, 7, 8, 31] {
            var samples = [Float](repeating: 0.25, count: 32)
            samples[position] = .nan
            samples[31] = .infinity
            samples.withUnsafeBufferPointer { #expect(AudioLoader.firstNonFinite($0) == position) }
        }
    }
}
