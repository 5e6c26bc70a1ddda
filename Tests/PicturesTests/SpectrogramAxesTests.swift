import AudioDSP
import FeatureSettings
import Testing

@testable import Pictures

/// Rows and columns of a stored matrix in hertz and seconds, with and without a resize.
@Suite struct SpectrogramAxesTests {
    /// Band r is centred at the (r + 1)-th of n_mels + 2 frequencies equally spaced in mel.
    @Test(arguments: [MelScale.slaney, .htk])
    func eachBandCentreIsItsRow(scale: MelScale) {
        var parameters = PictureFixtures.parameters
        (parameters.melScale, parameters.fmin, parameters.fmax) = (scale, 50, 3800)
        let axes = SpectrogramAxes(parameters: parameters, rows: 9, columns: 10, clipSamples: 720)
        let centres = scale.frequencies(count: 11, fmin: 50, fmax: 3800)
        for row in 0..<9 { #expect(abs(axes.row(ofHz: centres[row + 1]) - Double(row)) < 1e-9, "band \(row)") }
        #expect(abs(axes.bandRange.0 - centres[1]) < 1e-9 && abs(axes.bandRange.1 - centres[9]) < 1e-9)
    }

    /// After a bilinear resize (align_corners=False) from 9 bands to 18 rows, band b is at row 2b + 0.5.
    @Test func aResizeStretchesRowsAboutCellCentres() {
        var parameters = PictureFixtures.parameters
        parameters.resize = ImageSize(height: 18, width: 64)
        let axes = SpectrogramAxes(parameters: parameters, rows: 18, columns: 64, clipSamples: 127 * 80)
        let centres = parameters.melScale.frequencies(count: 11, fmin: 0, fmax: 4000)
        #expect(abs(axes.row(ofHz: centres[1]) - 0.5) < 1e-9 && abs(axes.row(ofHz: centres[9]) - 16.5) < 1e-9)
        // 128 frames (1 + 10160 / 80) squeezed into 64 columns: frame f is at column (f + 0.5) / 2 − 0.5.
        #expect(axes.frames == 128)
        #expect(abs(axes.column(ofSeconds: 0) - -0.25) < 1e-9 && abs(axes.column(ofSeconds: 1.27) - 63.25) < 1e-9)
        #expect(abs(axes.lastSeconds - 1.27) < 1e-12)
    }

    @Test func centredFramesStartAtZeroAndUncentredOnesHalfAWindowIn() {
        var parameters = PictureFixtures.parameters
        let centred = SpectrogramAxes(parameters: parameters, rows: 9, columns: 128, clipSamples: 127 * 80)
        #expect(abs(centred.column(ofSeconds: 0.25) - 25) < 1e-9)
        #expect(abs(centred.lastSeconds - 1.27) < 1e-12)
        parameters.center = false
        let uncentred = SpectrogramAxes(parameters: parameters, rows: 9, columns: 125, clipSamples: 10_160)
        // Frame t covers samples t · 80 … t · 80 + 256, centred at t · 80 + 128: t = 10 is at 0.116 s.
        #expect(abs(uncentred.column(ofSeconds: 0.116) - 10) < 1e-9)
        #expect(abs(uncentred.lastSeconds - (124 * 80 + 128) / 8000.0) < 1e-12)
    }

    /// A cochleagram's row r is the filterbank's channel r, edge filters included, and frame t
    /// is centred `window_size / 2` samples after `t · stride`.
    @Test func cochleagramRowsAreItsChannelsOnTheERBScale() {
        let parameters = FeaturePreset.cochleagram.parameters
        let axes = SpectrogramAxes(parameters: parameters, rows: 211, columns: 390, clipSamples: 40000)
        let bank = ERBCosineFilterbank(signalLength: 40000, sampleRate: 20000, parameters.cochleagram!)
        for row in [4, 50, 106, 206] {
            #expect(abs(axes.row(ofHz: bank.centerFrequencies[row]) - Double(row)) < 1e-9, "channel \(row)")
        }
        #expect(abs(axes.bandRange.1 - bank.centerFrequencies[210]) < 1e-6)
        #expect(abs(axes.bandRange.0 - bank.centerFrequencies[0]) < 1e-6)
        #expect(bank.centerFrequencies[0] > 35 && bank.centerFrequencies[0] < 36, "three spacings under 50 Hz")
        #expect(axes.frames == 390)
        #expect(abs(axes.column(ofSeconds: (10 * 100 + 500.5) / 20000) - 10) < 1e-9)
        #expect(abs(axes.lastSeconds - (389 * 100 + 500.5) / 20000) < 1e-12)
    }
}
