import FeatureSettings
import Foundation
import SampleRate
import Soxr
import TestSupport
import Testing

@testable import AudioDSP

/// Resamplers against the exact signal: tones evaluated directly at the new rate.
@Suite struct ResamplerTests {
    static let inBandTones: [(frequency: Double, amplitude: Double)] = [(440, 0.3), (1000, 0.2), (3000, 0.1)]

    func resample(
        _ input: [Float], from inRate: Int, to outRate: Int, kind: ResamplerKind, blockSize: Int = 4096
    ) throws -> [Float] {
        let resampler = try StreamingResampler(from: inRate, to: outRate, kind: kind)
        var output: [Float] = []
        try input.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(start + blockSize, buffer.count)
                try resampler.process(UnsafeBufferPointer(rebasing: buffer[start..<end]), appendingTo: &output)
                start = end
            }
        }
        try resampler.finish(appendingTo: &output)
        return output
    }

    /// In-band SNR of at least 120 dB against the exact tones, away from the ends where the
    /// filter sees the implicit zeros around the signal.
    @Test(arguments: [
        (44100, 12000, ResamplerKind.soxrHQ), (48000, 12000, .soxrHQ), (22050, 12000, .soxrHQ),
        (8000, 12000, .soxrHQ), (44100, 12000, .soxrVHQ), (44100, 12000, .sincBest),
    ])
    func tonesKeepTheirShape(inRate: Int, outRate: Int, kind: ResamplerKind) throws {
        var tones = Self.inBandTones
        if inRate > 2 * outRate { tones += [(7000, 0.2), (10000, 0.2)] }  // above the new Nyquist: must vanish
        let seconds = 2
        let input = Signals.tones(tones, rate: inRate, count: inRate * seconds).map(Float.init)
        let output = try resample(input, from: inRate, to: outRate, kind: kind)
        #expect(abs(output.count - outRate * seconds) <= 64, "\(output.count) samples")
        let exact = Signals.tones(Self.inBandTones, rate: outRate, count: outRate * seconds)
        let interior = (outRate / 20)..<(outRate * seconds - outRate / 20)
        let snr = Comparison.snr(output[interior], reference: exact[interior])
        #expect(snr >= 120, "\(kind) \(inRate)→\(outRate): SNR \(snr) dB")
    }

    /// A pure tone comes out at the same frequency: the phase advance per sample matches.
    @Test(arguments: ResamplerKind.allCases)
    func toneKeepsItsFrequency(kind: ResamplerKind) throws {
        let frequency = 1234.5
        let output = try resample(
            Signals.sine(frequency: frequency, rate: 44100, count: 44100), from: 44100, to: 16000, kind: kind)
        // Count upward zero crossings in the steady middle second's part.
        let middle = output[2000..<14000]
        var crossings: [Double] = []
        for i in middle.indices.dropFirst() where middle[i - 1] < 0 && middle[i] >= 0 {
            crossings.append(Double(i - 1) + Double(-middle[i - 1] / (middle[i] - middle[i - 1])))
        }
        let period = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
        #expect(abs(16000 / period - frequency) < 0.05, "\(kind): \(16000 / period) Hz")
    }

    /// Blocks of any size give the same samples as one block.
    @Test func blockSizeDoesNotChangeTheResult() throws {
        let input = Signals.chirp(from: 100, to: 15000, rate: 44100, count: 44100)
        let whole = try resample(input, from: 44100, to: 12000, kind: .soxrHQ, blockSize: input.count)
        let blocks = try resample(input, from: 44100, to: 12000, kind: .soxrHQ, blockSize: 1000)
        #expect(whole.count == blocks.count)
        #expect(Comparison.maxAbsDifference(whole, blocks).value <= 1e-6)
    }

    @Test func outputLengthIsExactIntegerCeiling() {
        #expect(StreamingResampler.outputLength(inputSamples: 88200, from: 44100, to: 12000) == 24000)
        #expect(StreamingResampler.outputLength(inputSamples: 88201, from: 44100, to: 12000) == 24001)
        #expect(StreamingResampler.outputLength(inputSamples: 0, from: 44100, to: 12000) == 0)
    }
}
