import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// The cochleagram's vector-Jacobian product against central finite differences in float64, the
/// FFTW path against direct DFT sums, and the float64 forward against `Cochleagram`.
@Suite struct CochleagramGradientTests {
    /// A small cochleagram: 2 kHz, n 4 between 50 Hz and 1 kHz at sample factor 2 (13 channels),
    /// envelopes at 100 Hz through a 41-tap kernel; 400 samples give 18 frames.
    static func parameters(power: Double = 0.3) -> CochleagramParameters {
        var p = CochleagramParameters()
        p.n = 4
        p.lowLimit = 50
        p.highLimit = 1000
        p.sampleFactor = 2
        p.envelopeRate = 100
        p.windowSize = 41
        p.power = power
        return p
    }

    static let sampleRate = 2000

    static func signal(count: Int, seed: UInt64) -> [Double] {
        Signals.noise(rate: 1, count: count, amplitude: 0.5, seed: seed).map(Double.init)
    }

    /// Every sample's gradient against `(L(x + h·e_i) − L(x − h·e_i)) / 2h`, with the standard
    /// compression exponent 0.3 and without compression (exponent 1), at an even and an odd length.
    @Test(arguments: [(0.3, 400), (1.0, 400), (0.3, 401)])
    func gradientMatchesCentralFiniteDifferences(power: Double, count: Int) throws {
        let gradient = try CochleagramGradient(Self.parameters(power: power), sampleRate: Self.sampleRate)
        let x = Self.signal(count: count, seed: 29)
        let forward = try gradient.forward(x)
        #expect(forward.channels == 13 && forward.frames == 1 + (count - 41) / 20)
        #expect(forward.downsampled.allSatisfy { $0 > 0 })
        var random = SeededRandom(seed: 31, stream: "upstream")
        let upstream = (0..<forward.features.count).map { _ in random.nextUnit() * 2 - 1 }
        let analytic = gradient.backward(forward, upstream: upstream)
        let (worst, scale) = try FiniteDifferences.worst(at: x, analytic: analytic, upstream: upstream) {
            try gradient.forward($0).features
        }
        #expect(scale > 0)
        print("cochleagram finite differences power \(power), \(count) samples: max |Δ| / max |g| = \(worst / scale)")
        #expect(worst / scale <= 1e-6, "relative error \(worst / scale)")
    }

    /// FFTW's transforms against direct DFT sums, forward and backward.
    @Test(arguments: [400, 401])
    func fastPathEqualsDirectDFT(count: Int) throws {
        let fast = try CochleagramGradient(Self.parameters(), sampleRate: Self.sampleRate)
        let naive = try CochleagramGradient(Self.parameters(), sampleRate: Self.sampleRate, direct: true)
        let x = Self.signal(count: count, seed: 37)
        let (a, b) = (try fast.forward(x), try naive.forward(x))
        let featureError = zip(a.features, b.features).map { abs($0 - $1) }.max()!
        #expect(featureError <= 1e-12 * b.features.map(abs).max()!, "features differ by \(featureError)")
        var random = SeededRandom(seed: 41, stream: "upstream")
        let upstream = (0..<a.features.count).map { _ in random.nextUnit() * 2 - 1 }
        let (ga, gb) = (fast.backward(a, upstream: upstream), naive.backward(b, upstream: upstream))
        let gradientError = zip(ga, gb).map { abs($0 - $1) }.max()!
        #expect(gradientError <= 1e-10 * gb.map(abs).max()!, "gradients differ by \(gradientError)")
    }

    /// The float64 forward equals `Cochleagram`'s float32 output to float32 rounding (relative 1e-6),
    /// at the standard configuration on 0.1 s at 20 kHz.
    @Test func forwardEqualsCochleagram() throws {
        let p = CochleagramParameters()
        let samples = Signals.noise(rate: 1, count: 2200, amplitude: 0.3, seed: 43)
        let expected = try Cochleagram(p, sampleRate: 20000).features(samples)
        let got = try CochleagramGradient(p, sampleRate: 20000).forward(samples)
        #expect(got.channels == expected.rows && got.frames == expected.columns)
        let worst = zip(got.features, expected.values).map { abs($0 - Double($1)) / abs($0) }.max()!
        #expect(worst <= 1e-6, "relative difference \(worst)")
    }

    /// A clip shorter than the kernel is refused, naming the clip.
    @Test func refusesAShortClip() throws {
        let gradient = try CochleagramGradient(Self.parameters(), sampleRate: Self.sampleRate)
        #expect(throws: FeatureError.self) { try gradient.forward([Double](repeating: 0, count: 40)) }
    }
}
