import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// The banded mel kernel against its naive reference (the dense product, every bin in order).
@Suite struct MelProjectionTests {
    /// Random STFT power over a wide dynamic range, `frames × bins`.
    static func power(frames: Int, bins: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed, stream: "power")
        return (0..<(frames * bins)).map { _ in Float(pow(10, random.nextUnit() * 12 - 8)) }
    }

    /// Every preset, a tiny FFT whose rows are shorter than one vector (the scalar path), a band
    /// count that leaves bands empty, and HTK without normalisation. Each value agrees with the
    /// reference to float32 rounding of the sum of its terms' magnitudes.
    @Test(
        arguments: [
            FeaturePreset.heydarshahi.parameters, FeaturePreset.pons.parameters, FeaturePreset.gebhardt.parameters,
            FeaturePreset.librosa.parameters,
        ] + MelProjectionTests.unusual)
    func bandedProductEqualsTheDenseOne(parameters: FeatureParameters) {
        let filterbank = MelFilterbank(parameters)
        let (bands, bins, frames) = (filterbank.weights.rows, filterbank.weights.columns, 37)
        let power = Self.power(frames: frames, bins: bins, seed: UInt64(bins * 1000 + bands))
        let expected = MelProjection.reference(weights: filterbank.weights, power: power, frames: frames)
        var got = [Float](repeating: .nan, count: bands * frames)
        power.withUnsafeBufferPointer { p in
            got.withUnsafeMutableBufferPointer { m in
                MelProjection(filterbank.weights).apply(power: p.baseAddress!, frames: frames, into: m.baseAddress!)
            }
        }
        // Two float32 sums of the same n terms in different orders differ by at most 2·n·2⁻²⁴ of
        // the sum of the terms' magnitudes (the textbook bound for each, doubled).
        var worst = 0.0
        for m in 0..<bands {
            let terms = (0..<bins).filter { filterbank.weights.values[m * bins + $0] != 0 }.count
            for t in 0..<frames {
                var magnitude = 0.0
                for k in 0..<bins {
                    magnitude += Double(abs(filterbank.weights.values[m * bins + k] * power[t * bins + k]))
                }
                let error = abs(Double(got[m * frames + t]) - Double(expected[m * frames + t]))
                worst = max(worst, magnitude == 0 ? error : error / magnitude / (2 * Double(terms) * 0x1p-24))
            }
        }
        #expect(worst <= 1, "error \(worst) of the bound for \(bands) bands over \(bins) bins")
        // Empty bands are exact zeros, as in the dense product.
        for band in filterbank.emptyBands {
            #expect(got[(band * frames)..<((band + 1) * frames)].allSatisfy { $0 == 0 })
        }
    }

    static let unusual: [FeatureParameters] = {
        var tiny = FeaturePreset.librosa.parameters
        (tiny.sampleRate, tiny.nFFT, tiny.hop, tiny.nMels) = (8000, 8, 4, 3)
        var crowded = FeaturePreset.librosa.parameters
        (crowded.sampleRate, crowded.nFFT, crowded.hop, crowded.nMels) = (8000, 256, 128, 128)
        var htk = FeaturePreset.librosa.parameters
        (htk.melScale, htk.melNorm, htk.nMels) = (.htk, .none, 40)
        var wide = FeaturePreset.librosa.parameters
        (wide.sampleRate, wide.nFFT, wide.nMels) = (16000, 64, 1)
        return [tiny, crowded, htk, wide]
    }()
}
