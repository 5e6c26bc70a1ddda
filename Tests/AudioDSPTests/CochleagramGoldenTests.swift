import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// The reference data made by scripts/golden/cochleagram.py, an independent numpy/scipy
/// implementation of the cochleagram (versions in Golden/Cochleagram/cases.json).
struct CochleagramGolden: Decodable {
    static let directory = GoldenCases.directory.appendingPathComponent("Cochleagram")
    static let shared: CochleagramGolden = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode(CochleagramGolden.self, from: data)
    }()

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }
    static func array(_ file: String) throws -> (values: [Float], shape: [Int]) { try Npy.read(path(file)) }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String, input: String, sr: Int, samples: Int, shape: [Int], file: String
        var testDescription: String { name }
    }

    struct Filterbank: Decodable, CustomTestStringConvertible {
        var length: Int, sr: Int, n: Int, low: Double, high: Double, sample_factor: Int, shape: [Int], file: String
        var testDescription: String { file }
    }

    struct Kernel: Decodable { var taps: Int, stride: Int, beta: Double, file: String }

    var cochleagrams: [Case]
    var filterbanks: [Filterbank]
    var kernel: Kernel
}

/// The cochleagram against the golden data: relative error at most 1e-4 wherever the reference
/// exceeds 1e-3 of its maximum (issue 15), and its parts one by one.
@Suite struct CochleagramGoldenTests {
    static let golden = CochleagramGolden.shared

    @Test(arguments: golden.cochleagrams)
    func cochleagramMatchesTheReference(_ c: CochleagramGolden.Case) throws {
        var p = FeaturePreset.cochleagram.parameters
        p.sampleRate = c.sr
        let samples = try AudioLoader(targetRate: nil).load(CochleagramGolden.path(c.input)).samples
        #expect(samples.count == c.samples)
        let ours = try FeatureExtractor(p).features(samples)
        let reference = try CochleagramGolden.array(c.file)
        #expect(ours.shape == reference.shape)
        #expect(ours.shape == [211, p.frameCount(forSamples: c.samples)])
        let peak = Double(reference.values.max()!)
        var worst = 0.0
        var compared = 0
        for (a, b) in zip(ours.values, reference.values) where Double(b) > 1e-3 * peak {
            worst = max(worst, abs(Double(a) - Double(b)) / Double(b))
            compared += 1
        }
        #expect(compared == reference.values.count, "every value is above 1e-3 of the max (the floor is 0.004)")
        #expect(worst <= 1e-4, "max relative error \(worst)")
        // The measured figure (docs/features.md): float32 rounding of both sides.
        #expect(worst <= 1e-6, "max relative error \(worst)")
    }

    @Test(arguments: golden.filterbanks)
    func filterbankMatchesTheReference(_ c: CochleagramGolden.Filterbank) throws {
        var p = CochleagramParameters()
        p.n = c.n
        p.lowLimit = c.low
        p.highLimit = c.high
        p.sampleFactor = c.sample_factor
        let bank = ERBCosineFilterbank(signalLength: c.length, sampleRate: c.sr, p)
        let reference = try CochleagramGolden.array(c.file)
        #expect(bank.channels.count == p.channelCount)
        #expect(bank.denseWeights.shape == reference.shape)
        let diff = Comparison.maxAbsDifference(bank.denseWeights.values, reference.values)
        #expect(diff.value <= 1e-6, "max |Δ| \(diff.value) at \(diff.index)")
    }

    @Test func downsamplingKernelMatchesScipysKaiserSinc() throws {
        let k = Self.golden.kernel
        let ours = KaiserSincDownsampler(taps: k.taps, stride: k.stride, beta: k.beta).kernel
        let reference = try CochleagramGolden.array(k.file)
        #expect(reference.shape == [k.taps])
        let diff = Comparison.maxAbsDifference(ours.map(Float.init), reference.values)
        #expect(diff.value <= 1e-9, "max |Δ| \(diff.value) at \(diff.index)")
    }
}

/// Properties of the cochleagram's parts that hold for any input.
@Suite struct CochleagramPropertyTests {
    /// The preset on 2 s at 20 kHz: 211 channels (203 band-pass, 4 low-pass, 4 high-pass) × 390.
    @Test func twoSecondsGive211By390() throws {
        let extractor = try FeatureExtractor(FeaturePreset.cochleagram.parameters)
        let noise = Signals.noise(rate: 20000, count: 40000, amplitude: 0.1)
        let m = try extractor.features(noise)
        #expect(m.shape == [211, 390])
        #expect(m.values.allSatisfy { $0.isFinite && $0 >= Float(pow(1e-8, 0.3)) * 0.999 })
        let bank = try #require(extractor.cochleagram).filterbank(forLength: 40000)
        #expect(bank.channels.count == 211)
        #expect(bank.binCount == 20001)
    }

    /// The squared responses of all channels sum to 1 at every bin: the bank tiles the spectrum.
    @Test(arguments: [(40000, 4, 50), (512, 1, 8), (301, 2, 6)])
    func squaredResponsesSumToOne(length: Int, factor: Int, n: Int) {
        var p = CochleagramParameters()
        p.sampleFactor = factor
        p.n = n
        let bank = ERBCosineFilterbank(signalLength: length, sampleRate: 20000, p)
        var sums = [Double](repeating: 0, count: bank.binCount)
        for channel in bank.channels {
            for (j, w) in channel.weights.enumerated() { sums[channel.first + j] += w * w }
        }
        #expect(sums.allSatisfy { abs($0 - 1) < 1e-12 }, "\(sums.min()!)…\(sums.max()!)")
    }

    /// The fast downsampler (four partial sums) against the naive one-sum reference.
    @Test func downsamplerFastPathMatchesReference() {
        let d = KaiserSincDownsampler(taps: 1001, stride: 100, beta: 5)
        let x = Signals.noise(rate: 20000, count: 12345, amplitude: 1).map { Double(abs($0)) }
        let reference = d.referenceApply(x)
        var fast = [Double](repeating: .nan, count: d.outputCount(forInput: x.count))
        x.withUnsafeBufferPointer { input in fast.withUnsafeMutableBufferPointer { d.apply(input, into: $0) } }
        #expect(fast.count == 114)
        let worst = zip(fast, reference).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-12, "max |Δ| \(worst)")
        // A constant passes with the kernel's DC gain, close to 1 for a low-pass.
        let dc = d.kernel.reduce(0, +)
        #expect(abs(dc - 1) < 1e-3, "DC gain \(dc)")
    }

    /// A pure tone's energy lands in the channels around its frequency, at its ERB position.
    @Test func aToneExcitesTheChannelsAtItsFrequency() throws {
        let extractor = try FeatureExtractor(FeaturePreset.cochleagram.parameters)
        let tone = Signals.sine(frequency: 1000, rate: 20000, count: 40000, amplitude: 0.5)
        let m = try extractor.features(tone)
        let bank = try #require(extractor.cochleagram).filterbank(forLength: 40000)
        let mean = (0..<m.rows).map { r in (0..<m.columns).reduce(0.0) { $0 + Double(m[r, $1]) } }
        let loudest = mean.indices.max { mean[$0] < mean[$1] }!
        #expect(
            abs(bank.centerFrequencies[loudest] - 1000) < 30, "loudest channel at \(bank.centerFrequencies[loudest]) Hz"
        )
    }

    @Test func aClipShorterThanTheWindowIsAnErrorNamingIt() throws {
        let extractor = try FeatureExtractor(FeaturePreset.cochleagram.parameters)
        #expect(throws: FeatureError.self) { try extractor.features([Float](repeating: 0, count: 1000)) }
        do {
            _ = try extractor.features([Float](repeating: 0, count: 1000))
        } catch {
            #expect(
                error.description
                    == "invalid clip = 1000 samples: expected at least cochleagram.window_size (1001) samples")
        }
    }
}
