import FeatureSettings
import Foundation
import SoundFile
import TestSupport
import Testing

@testable import AudioDSP

/// 16-bit integer files are read as integers and widened by melshard (`SixteenBitSamples`),
/// which must give exactly libsndfile's floats.
@Suite struct SixteenBitSamplesTests {
    let directory = TemporaryDirectory("sixteen-bit")

    /// Every one of the 65,536 values, at every offset of the SIMD loop and its scalar tail.
    @Test func widenEqualsTheNaiveReferenceForEveryValue() {
        let all = (Int(Int16.min)...Int(Int16.max)).map { Int16($0) }
        for tail in [0, 1, 7] {
            let samples = Array(all.dropFirst(tail))
            let fast = [Float](unsafeUninitializedCapacity: samples.count) { buffer, count in
                samples.withUnsafeBufferPointer { SixteenBitSamples.widen($0, into: buffer.baseAddress!) }
                count = samples.count
            }
            let naive = samples.withUnsafeBufferPointer { SixteenBitSamples.widenNaive($0) }
            #expect(fast.map(\.bitPattern) == naive.map(\.bitPattern))
        }
        #expect([Int16.min, 0, 16384].withUnsafeBufferPointer { SixteenBitSamples.widenNaive($0) } == [-1, 0, 0.5])
    }

    /// The whole file and clips, mono and stereo, through libsndfile's floats and through the
    /// integers: the same bits, for every 16-bit container a corpus uses (WAV and FLAC little-
    /// endian or coded, AU and AIFF big-endian). Full-scale noise reaches both extremes.
    @Test(arguments: [AudioFormat.wav16, .flac16, .au16, .aiff16], [1, 2])
    func bothReadPathsGiveTheSameSamples(format: AudioFormat, channels: Int) throws {
        let rate = 22050
        var signal = Signals.noise(rate: rate, count: rate * 3 * channels, amplitude: 1, seed: 7)
        signal[0] = -1
        signal[1] = Float(32767) / 32768
        let path = directory.file("noise-\(channels).\(format.container.rawValue)")
        try SoundFile.write(signal, channels: channels, sampleRate: rate, format: format, to: path)
        #expect(try SoundFile(readingFrom: path).info.encoding == .pcm16)

        for target in [nil, 16000] as [Int?] {
            var integers = AudioLoader(targetRate: target)
            integers.wholeSourceSeconds = 0
            var floats = integers
            floats.readsSixteenBitIntegers = false
            let wholeInts = try integers.load(path).samples
            let wholeFloats = try floats.load(path).samples
            #expect(wholeInts.map(\.bitPattern) == wholeFloats.map(\.bitPattern), "\(format) \(channels) ch")
            let regions = [ClipRegion(start: 0, length: 8000), ClipRegion(start: 12_345, length: 20_000)]
            let clipInts = try integers.clips(regions, from: path)
            let clipFloats = try floats.clips(regions, from: path)
            #expect(clipInts.map { $0.map(\.bitPattern) } == clipFloats.map { $0.map(\.bitPattern) })
        }
    }
}
