import Features
import Foundation
import PNG
@testable import Pictures
import Testing
import TestSupport

/// Pictures show what they claim: a rising chirp draws a rising ridge, the colour map gets
/// lighter with value, and every glyph of the built-in font is whole.
@Suite struct SpectrogramPictureTests {
    /// A linear chirp's features, computed by the real extractor, drawn and decoded back: in every
    /// column the brightest pixel of the plot must sit higher (smaller y) as time goes on.
    @Test func aRisingChirpDrawsARisingRidge() throws {
        var parameters = FeatureParameters()
        (parameters.sampleRate, parameters.nFFT, parameters.hop, parameters.nMels) = (8000, 256, 128, 32)
        let samples = Signals.chirp(from: 200, to: 3500, rate: 8000, count: 16000)
        let matrix = try FeatureExtractor(parameters).features(samples)
        let clip = ClipFeatures(clipID: 1, labels: ["chirp"], split: "train", source: "test:chirp.wav", startSeconds: 0, durationSeconds: 2,
                                shard: "train-0", row: 0, parameters: parameters, clipSamples: 16000, rows: matrix.rows,
                                columns: matrix.columns, values: matrix.values)
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: clip.rows, columns: clip.columns)
        let image = try PNGImage(decoding: try picture.render(clip).image.encoded())
        #expect(image.width == g.width && image.height == g.height)

        // The ridge: per plot column, the row of the lightest pixel (viridis rises in luminance).
        let ridge = stride(from: g.plotX + g.cellX / 2, to: g.plotX + g.plotWidth, by: g.cellX).map { x in
            (g.plotY..<(g.plotY + g.plotHeight)).max { a, b in
                luminance(image[x, a]) < luminance(image[x, b])
            }!
        }
        let quarter = ridge.count / 4
        let early = ridge[2..<quarter].reduce(0, +) / (quarter - 2), late = ridge[(ridge.count - quarter)..<(ridge.count - 2)].reduce(0, +) / (quarter - 2)
        #expect(late < early - g.plotHeight / 3, "the ridge should rise by a third of the plot: \(ridge)")
        // Mostly monotonic: the ridge may wobble by a band, never fall back far.
        let falls = zip(ridge, ridge.dropFirst()).filter { $1 > $0 + 2 * g.cellY }.count
        #expect(falls <= ridge.count / 20, "\(ridge)")
        // The ridge ends where 3500 Hz is on the axis, within two bands.
        let axes = SpectrogramAxes(parameters: parameters, rows: clip.rows, columns: clip.columns, clipSamples: 16000)
        let expectedY = g.plotY + g.plotHeight - Int((axes.row(ofHz: 3400) + 0.5) * Double(g.cellY))
        #expect(abs(ridge[ridge.count - 3] - expectedY) <= 2 * g.cellY, "ridge ends at y \(ridge[ridge.count - 3]), 3.4 kHz is at \(expectedY)")
    }

    @Test func viridisGetsLighterWithValue() {
        let steps = (0...20).map { ColorMap.luminance(ColorMap.viridis.color(Double($0) / 20)) }
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ColorMap.viridis.color(0) == (0x44, 0x01, 0x54) && ColorMap.viridis.color(1) == (0xFD, 0xE7, 0x25))
    }

    @Test func everyGlyphIsSevenRowsOfFive() {
        for (character, rows) in BitmapFont.glyphs {
            let parts = rows.split(separator: " ")
            #expect(parts.count == 7 && parts.allSatisfy { $0.count == 5 }, "glyph '\(character)'")
        }
    }

    @Test func ticksAreRound() {
        #expect(AxisTicks.linear(0, 5, count: 5) == [0, 1, 2, 3, 4, 5])
        #expect(AxisTicks.linear(0, 0.99, count: 5) == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(AxisTicks.label(2000, thousands: true) == "2k" && AxisTicks.label(0.25) == "0.25")
    }

    private func luminance(_ p: ArraySlice<UInt8>) -> Double {
        ColorMap.luminance((p[p.startIndex], p[p.startIndex + 1], p[p.startIndex + 2]))
    }
}
