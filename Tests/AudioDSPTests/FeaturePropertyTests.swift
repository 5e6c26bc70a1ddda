import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// Invariants that hold whatever librosa does, in the spirit of librosa's own test_melfb.
@Suite struct FeaturePropertyTests {
    @Test(arguments: [
        (12000, 512, 96, MelScale.slaney), (22050, 2048, 128, .slaney), (16000, 1024, 40, .htk),
        (44100, 2048, 40, .slaney),
    ])
    func eachFilterPeaksWithinOneBinOfItsCentre(rate: Int, nFFT: Int, nMels: Int, scale: MelScale) {
        let bank = MelFilterbank(
            sampleRate: rate, nFFT: nFFT, nMels: nMels, fmin: 0, fmax: Double(rate) / 2, scale: scale, norm: .slaney)
        let binWidth = Double(rate) / Double(nFFT)
        #expect(bank.emptyBands.isEmpty)
        for band in 0..<nMels {
            let row = bank.weights.values[band * bank.weights.columns..<(band + 1) * bank.weights.columns]
            let peak = row.indices.max { row[$0] < row[$1] }! - row.startIndex
            #expect(abs(Double(peak) * binWidth - bank.centers[band]) <= binWidth, "band \(band)")
            #expect(row.allSatisfy { $0 >= 0 })
        }
    }

    /// Slaney normalisation gives each triangle unit area in Hz (up to the bin sampling).
    @Test func slaneyTrianglesHaveUnitArea() {
        let bank = MelFilterbank(
            sampleRate: 22050, nFFT: 8192, nMels: 40, fmin: 0, fmax: 11025, scale: .slaney, norm: .slaney)
        let binWidth = 22050.0 / 8192
        for band in 0..<40 {
            let area = (0..<bank.weights.columns).reduce(0.0) { $0 + Double(bank.weights[band, $1]) } * binWidth
            #expect(abs(area - 1) < 0.02, "band \(band) area \(area)")
        }
    }

    @Test func tooManyBandsAreReportedAsEmpty() {
        let bank = MelFilterbank(
            sampleRate: 8000, nFFT: 64, nMels: 128, fmin: 0, fmax: 4000, scale: .slaney, norm: .slaney)
        #expect(!bank.emptyBands.isEmpty)
    }

    @Test(arguments: [(24000, true, 94), (24064, true, 95), (24576, false, 95), (24000, false, 92), (24576, true, 97)])
    func frameCountsFollowLibrosa(samples: Int, center: Bool, frames: Int) {
        var p = FeaturePreset.heydarshahi.parameters
        p.center = center
        #expect(p.frameCount(forSamples: samples) == frames)
    }

    @Test func presetsGiveTheStudiesShapes() throws {
        for (preset, shape) in [(FeaturePreset.heydarshahi, [128, 128]), (.pons, [40, 80]), (.gebhardt, [80, 300])] {
            let p = preset.parameters
            let samples = preset.studyClipSamples!
            let matrix = try FeatureExtractor(p).features(Signals.noise(rate: p.sampleRate, count: samples))
            #expect(matrix.shape == shape, "\(preset)")
        }
        var unresized = FeaturePreset.heydarshahi.parameters
        unresized.resize = nil
        #expect(unresized.outputShape(forSamples: 24064) == (96, 95))
    }

    /// A pure tone puts its energy in the mel band whose centre is nearest.
    @Test func toneLightsTheBandAtItsFrequency() throws {
        let p = FeaturePreset.gebhardt.parameters
        let tone = Signals.sine(frequency: 2000, rate: p.sampleRate, count: p.sampleRate)
        let extractor = try FeatureExtractor(p)
        let matrix = try tone.withUnsafeBufferPointer { try extractor.melPower($0) }
        let bank = MelFilterbank(p)
        let middle = matrix.columns / 2
        let loudest = (0..<matrix.rows).max { matrix[$0, middle] < matrix[$1, middle] }!
        let nearest = bank.centers.indices.min { abs(bank.centers[$0] - 2000) < abs(bank.centers[$1] - 2000) }!
        #expect(abs(loudest - nearest) <= 1)
    }

    @Test func invalidParametersNameTheirKey() {
        var p = FeatureParameters()
        p.fmax = 30000
        #expect(
            throws: FeatureError(
                key: "fmax", value: "30000.0", allowed: "a frequency in Hz, fmin (0.0) < fmax ≤ sample_rate/2 (11025.0)"
            )
        ) {
            try p.validate()
        }
        p = FeatureParameters()
        p.winLength = 4096
        #expect { try p.validate() } throws: { ($0 as? FeatureError)?.key == "win_length" }
    }

    @Test func tooShortClipIsAnErrorNotACrash() throws {
        var p = FeatureParameters()
        p.center = false
        #expect { try FeatureExtractor(p).features([Float](repeating: 0, count: 100)) } throws: {
            ($0 as? FeatureError)?.key == "clip"
        }
    }

    /// Reflect padding mirrors about the edge sample, repeating the mirror for very short signals.
    @Test func reflectPaddingHandlesSignalsShorterThanThePad() throws {
        var p = FeatureParameters()
        p.nFFT = 64
        p.hop = 16
        p.nMels = 8
        p.padMode = .reflect
        let matrix = try FeatureExtractor(p).features([0.1, -0.2, 0.3, 0.05, -0.1])
        #expect(matrix.columns == 1)
        #expect(matrix.values.allSatisfy { $0.isFinite })
    }
}
