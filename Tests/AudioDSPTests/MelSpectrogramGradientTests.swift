import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// The mel spectrogram's vector-Jacobian product against central finite differences in float64,
/// the FFTW path against direct DFT matrices, and the float64 forward against `FeatureExtractor`.
@Suite struct MelSpectrogramGradientTests {
    /// A small configuration: 8 kHz, `n_fft` 64 (or 63: no Nyquist bin), hop 16, 6 mel bands.
    static func parameters(
        scale: ScaleKind, padMode: PadMode, center: Bool = true, nFFT: Int = 64
    ) -> FeatureParameters {
        var p = FeatureParameters()
        p.sampleRate = 8000
        p.nFFT = nFFT
        p.hop = 16
        p.nMels = 6
        p.scale = scale
        p.padMode = padMode
        p.center = center
        p.topDB = nil
        p.logMultiplier = 100
        return p
    }

    static func signal(count: Int, seed: UInt64) -> [Double] {
        Signals.noise(rate: 1, count: count, amplitude: 0.5, seed: seed).map(Double.init)
    }

    /// L = Σ G ⊙ S for a fixed random G.
    struct Case: CustomTestStringConvertible, Sendable {
        let scale: ScaleKind
        let padMode: PadMode
        let center: Bool
        let nFFT: Int
        var testDescription: String { "\(scale) \(padMode) center=\(center) n_fft=\(nFFT)" }
    }

    static let cases: [Case] =
        [ScaleKind.none, .db, .log1p, .log].flatMap { scale in
            PadMode.allCases.map { Case(scale: scale, padMode: $0, center: true, nFFT: 64) }
        } + [
            Case(scale: .db, padMode: .constant, center: false, nFFT: 64),
            Case(scale: .log1p, padMode: .reflect, center: true, nFFT: 63),
        ]

    /// Every sample's gradient against `(L(x + h·e_i) − L(x − h·e_i)) / 2h`, 300 samples, so the
    /// samples the reflect padding copies (the first and last 32) are among them. The error is the
    /// largest difference over the largest gradient.
    @Test(arguments: cases)
    func gradientMatchesCentralFiniteDifferences(_ c: Case) throws {
        let p = Self.parameters(scale: c.scale, padMode: c.padMode, center: c.center, nFFT: c.nFFT)
        let gradient = try MelSpectrogramGradient(p)
        let x = Self.signal(count: 300, seed: 7)
        let forward = try gradient.forward(x)
        var random = SeededRandom(seed: 11, stream: "upstream")
        let upstream = (0..<forward.features.count).map { _ in random.nextUnit() * 2 - 1 }
        let analytic = gradient.backward(forward, upstream: upstream)
        #expect(analytic.count == x.count)
        let (worst, scale) = try FiniteDifferences.worst(at: x, analytic: analytic, upstream: upstream) {
            try gradient.forward($0).features
        }
        #expect(scale > 0)
        print("finite differences \(c.testDescription): max |Δ| / max |g| = \(worst / scale)")
        #expect(worst / scale <= 1e-6, "relative error \(worst / scale)")
    }

    /// FFTW forward and its c2r adjoint against direct DFT matrices (O(N²) a frame), both padding modes.
    @Test(arguments: [
        Case(scale: .db, padMode: .reflect, center: true, nFFT: 64),
        Case(scale: .log1p, padMode: .constant, center: true, nFFT: 63),
    ])
    func fastPathEqualsDirectDFT(_ c: Case) throws {
        let p = Self.parameters(scale: c.scale, padMode: c.padMode, center: c.center, nFFT: c.nFFT)
        let fast = try MelSpectrogramGradient(p)
        let naive = try MelSpectrogramGradient(p, direct: true)
        let x = Self.signal(count: 500, seed: 9)
        let (a, b) = (try fast.forward(x), try naive.forward(x))
        let featureScale = b.features.map(abs).max()!
        let featureError = zip(a.features, b.features).map { abs($0 - $1) }.max()!
        #expect(featureError <= 1e-12 * featureScale, "features differ by \(featureError)")
        var random = SeededRandom(seed: 13, stream: "upstream")
        let upstream = (0..<a.features.count).map { _ in random.nextUnit() * 2 - 1 }
        let (ga, gb) = (fast.backward(a, upstream: upstream), naive.backward(b, upstream: upstream))
        let gradientError = zip(ga, gb).map { abs($0 - $1) }.max()!
        #expect(gradientError <= 1e-11 * gb.map(abs).max()!, "gradients differ by \(gradientError)")
    }

    /// The float64 forward equals `FeatureExtractor`'s float32 features to float32 rounding:
    /// relative 1e-5 for power, absolute 1e-4 dB, absolute 1e-5 + relative 1e-6 for the logarithms.
    @Test(arguments: [
        Case(scale: .none, padMode: .reflect, center: true, nFFT: 64),
        Case(scale: .db, padMode: .constant, center: true, nFFT: 64),
        Case(scale: .log1p, padMode: .reflect, center: true, nFFT: 64),
        Case(scale: .log, padMode: .constant, center: false, nFFT: 64),
    ])
    func forwardEqualsFeatureExtractor(_ c: Case) throws {
        var p = Self.parameters(scale: c.scale, padMode: c.padMode, center: c.center, nFFT: c.nFFT)
        p.topDB = 80
        let samples = Signals.noise(rate: 1, count: 1000, amplitude: 0.5, seed: 17)
        let expected = try FeatureExtractor(p).features(samples)
        let got = try MelSpectrogramGradient(p).forward(samples).features
        #expect(got.count == expected.values.count)
        var worst = 0.0
        for (g, e) in zip(got, expected.values.map(Double.init)) {
            let tolerance: Double =
                switch c.scale {
                case .none: 1e-5 * abs(e)
                case .db: 1e-4
                case .log1p, .log: 1e-5 + 1e-6 * abs(e)
                }
            worst = max(worst, abs(g - e) / tolerance)
        }
        #expect(worst <= 1, "worst difference \(worst) of the tolerance")
    }

    /// `top_db`: the entries raised to the floor get zero gradient (the peak is held constant),
    /// so an upstream gradient on the clipped entries only gives exactly zero.
    @Test func clippedEntriesGetZeroGradient() throws {
        var p = Self.parameters(scale: .db, padMode: .reflect)
        p.topDB = 3
        let gradient = try MelSpectrogramGradient(p)
        let forward = try gradient.forward(Self.signal(count: 400, seed: 19))
        let floor = forward.features.max()! - 3
        let clipped = forward.features.map { $0 == floor }
        #expect(clipped.contains(true) && clipped.contains(false))
        let upstream = clipped.map { $0 ? 1.0 : 0.0 }
        #expect(gradient.backward(forward, upstream: upstream).allSatisfy { $0 == 0 })
    }

    /// `ref = max` is held constant: the gradient equals that with a fixed reference value.
    @Test func maxReferenceIsHeldConstant() throws {
        var p = Self.parameters(scale: .db, padMode: .constant)
        p.dbRef = .max
        var q = p
        q.dbRef = .value(1)
        let x = Self.signal(count: 300, seed: 23)
        let (a, b) = (try MelSpectrogramGradient(p), try MelSpectrogramGradient(q))
        let (fa, fb) = (try a.forward(x), try b.forward(x))
        #expect(fa.features.max()! == 0)
        let upstream = [Double](repeating: 1, count: fa.features.count)
        #expect(a.backward(fa, upstream: upstream) == b.backward(fb, upstream: upstream))
    }

    /// Parameters the gradient does not cover are refused, naming the key.
    @Test func refusesWhatItCannotDifferentiate() {
        var p = Self.parameters(scale: .db, padMode: .constant)
        p.power = 1
        #expect(throws: FeatureError.self) { try MelSpectrogramGradient(p) }
        do {
            _ = try MelSpectrogramGradient(p)
        } catch {
            #expect(error.key == "power")
        }
        var q = Self.parameters(scale: .db, padMode: .constant)
        q.resize = ImageSize(height: 4, width: 4)
        #expect(throws: FeatureError.self) { try MelSpectrogramGradient(q) }
    }
}
