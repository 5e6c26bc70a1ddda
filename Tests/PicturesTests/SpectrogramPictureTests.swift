import AudioDSP
import FeatureSettings
import Foundation
import PNG
import TestSupport
import Testing

@testable import Pictures

/// Pictures show what they claim: a rising chirp draws a rising ridge; band 0 is at the bottom
/// in the colour of the lowest value; the colour bar runs from the highest value down; and the
/// ticks sit on the columns and rows of their seconds and hertz.
@Suite struct SpectrogramPictureTests {
    /// A linear chirp's features, computed by the real extractor, drawn and decoded back: in every
    /// column the brightest pixel of the plot must sit higher (smaller y) as time goes on.
    @Test func aRisingChirpDrawsARisingRidge() throws {
        var parameters = FeatureParameters()
        (parameters.sampleRate, parameters.nFFT, parameters.hop, parameters.nMels) = (8000, 256, 128, 32)
        let samples = Signals.chirp(from: 200, to: 3500, rate: 8000, count: 16000)
        let matrix = try FeatureExtractor(parameters).features(samples)
        let clip = ClipFeatures(
            clipID: 1, labels: ["chirp"], split: "train", source: "test:chirp.wav", startSeconds: 0, durationSeconds: 2,
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
        let early = ridge[2..<quarter].reduce(0, +) / (quarter - 2)
        let late = ridge[(ridge.count - quarter)..<(ridge.count - 2)].reduce(0, +) / (quarter - 2)
        #expect(late < early - g.plotHeight / 3, "the ridge should rise by a third of the plot: \(ridge)")
        // Mostly monotonic: the ridge may wobble by a band, never fall back far.
        let falls = zip(ridge, ridge.dropFirst()).filter { $1 > $0 + 2 * g.cellY }.count
        #expect(falls <= ridge.count / 20, "\(ridge)")
        // The ridge ends where 3500 Hz is on the axis, within two bands.
        let axes = SpectrogramAxes(parameters: parameters, rows: clip.rows, columns: clip.columns, clipSamples: 16000)
        let expectedY = g.plotY + g.plotHeight - Int((axes.row(ofHz: 3400) + 0.5) * Double(g.cellY))
        #expect(
            abs(ridge[ridge.count - 3] - expectedY) <= 2 * g.cellY,
            "ridge ends at y \(ridge[ridge.count - 3]), 3.4 kHz is at \(expectedY)")
    }

    /// Full style, 9 bands × 128 frames: cells of 4 × 28 pixels (512 / 128, 256 / 9), a plot of
    /// 512 × 252 at (64, 26): the left margin holds "20k" (34), 16 of gaps and a rotated label (14).
    @Test func geometryPlacesThePlotBesideItsAxes() {
        let full = SpectrogramPicture().geometry(rows: 9, columns: 128)
        #expect(
            full
                == SpectrogramPicture.Geometry(
                    text: 2, cellX: 4, cellY: 28, plotX: 64, plotY: 26, plotWidth: 512,
                    plotHeight: 252, width: 666, height: 326))
        let compact = SpectrogramPicture(style: .compact).geometry(rows: 9, columns: 128)
        #expect(
            compact
                == SpectrogramPicture.Geometry(
                    text: 1, cellX: 2, cellY: 14, plotX: 32, plotY: 13, plotWidth: 256,
                    plotHeight: 126, width: 333, height: 163))
        // More frames than pixels: one pixel per frame, never zero.
        #expect(SpectrogramPicture().geometry(rows: 300, columns: 1000).cellX == 1)
    }

    /// Values 0…8 by band: each band is one anchor of viridis, band 0 (darkest) at the bottom.
    @Test func bandZeroIsAtTheBottomInTheLowestColour() throws {
        let clip = PictureFixtures.clip { row, _ in Float(row) }
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(clip))
        #expect(image.width == 666 && image.height == 326)
        for row in 0..<9 {
            let expected = rgb(ColorMap.viridis.color(Double(row) / 8))
            let y = g.plotY + (8 - row) * g.cellY
            for x in [g.plotX, g.plotX + 4 * 63 + 1, g.plotX + g.plotWidth - 1] {
                #expect(
                    image.rgb(x, y) == expected && image.rgb(x, y + g.cellY - 1) == expected,
                    "band \(row) at (\(x), \(y))")
            }
        }
        #expect(image.rgb(g.plotX - 1, g.plotY + 5) != rgb(ColorMap.viridis.color(1)), "nothing left of the plot")
        #expect(image.rgb(g.plotX, g.plotY - 1) == [255, 255, 255], "nothing above the plot")
    }

    @Test func theColourBarRunsFromTheHighestValueDownAndIsLabelled() throws {
        let clip = PictureFixtures.clip { row, _ in Float(row) }
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(clip))
        let barX = g.plotX + g.plotWidth + 4 * g.text  // 584, 20 wide
        #expect(image.rgb(barX, g.plotY) == rgb(ColorMap.viridis.color(1)))
        #expect(image.rgb(barX + 19, g.plotY + g.plotHeight - 1) == rgb(ColorMap.viridis.color(0)))
        #expect(image.rgb(barX + 10, g.plotY + (g.plotHeight - 1) / 2) == rgb(ColorMap.viridis.color(0.5)))
        #expect(image.rgb(barX + 20, g.plotY) == [255, 255, 255], "the bar is 20 px wide")
        // "8" (the highest value) right of the bar, at the plot's top: its first glyph row is .###.
        let labelX = barX + 20 + 4
        #expect(image.rgb(labelX, g.plotY) == [255, 255, 255] && image.rgb(labelX + 2, g.plotY) == [0, 0, 0])
        // "0" at the bottom, its last row level with the plot's last.
        #expect(image.rgb(labelX + 2, g.plotY + g.plotHeight - 2) == [0, 0, 0])
        // And "dB" in the middle, since the features are in decibels.
        #expect((labelX..<(labelX + 22)).contains { image.rgb($0, g.plotY + g.plotHeight / 2) == [0, 0, 0] })
    }

    /// Frames are 10 ms apart and centred, so 1.27 s of frames take ticks every 0.2 s; the tick
    /// for t seconds marks the centre of column 100·t, at x = 64 + (100·t + 0.5) · 4.
    @Test func timeTicksMarkTheirFrames() throws {
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(PictureFixtures.clip { row, _ in Float(row) }))
        let y = g.plotY + g.plotHeight + 1
        let starts = (1..<image.width).filter { image.rgb($0, y) == [0, 0, 0] && image.rgb($0 - 1, y) != [0, 0, 0] }
        #expect(starts == [66, 146, 226, 306, 386, 466, 546])
        #expect(image.rgb(147, y) == [0, 0, 0] && image.rgb(148, y) == [255, 255, 255], "ticks are 2 px wide")
    }

    /// Each frequency tick marks the row whose band centre is at that frequency.
    @Test func frequencyTicksMarkTheirBands() throws {
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(PictureFixtures.clip { row, _ in Float(row) }))
        let x = g.plotX - 2
        let marks = (g.plotY..<(g.plotY + g.plotHeight)).filter {
            image.rgb(x, $0) == [0, 0, 0] && image.rgb(x, $0 - 1) != [0, 0, 0]
        }
        let axes = SpectrogramAxes(parameters: PictureFixtures.parameters, rows: 9, columns: 128, clipSamples: 127 * 80)
        // Band centres run from 234 Hz to 3.14 kHz (Slaney mels, 0–4 kHz): of the 1-2-5 series,
        // 500, 1000 and 2000 Hz are inside, and none is within a label's height of the one below.
        #expect(abs(axes.bandRange.0 - 234.4) < 0.1 && abs(axes.bandRange.1 - 3141) < 1, "\(axes.bandRange)")
        let expected = [500.0, 1000, 2000].map {
            g.plotY + g.plotHeight - Int(((axes.row(ofHz: $0) + 0.5) * 28).rounded())
        }
        #expect(marks == expected.sorted(), "tick rows \(marks), bands of 500, 1000, 2000 Hz at \(expected)")
    }

    /// Only finite values set the range; a NaN cell takes the lowest colour instead of poisoning every other.
    @Test func aNaNCellIsTheLowestColourAndLeavesTheRangeAlone() throws {
        let clip = PictureFixtures.clip { row, column in row == 8 && column == 0 ? .nan : Float(row) }
        let picture = SpectrogramPicture()
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(clip))
        #expect(image.rgb(g.plotX, g.plotY) == rgb(ColorMap.viridis.color(0)))
        #expect(image.rgb(g.plotX + 4, g.plotY) == rgb(ColorMap.viridis.color(1)))
    }

    @Test func aConstantClipIsAllTheLowestColour() throws {
        let picture = SpectrogramPicture(style: .compact)
        let g = picture.geometry(rows: 9, columns: 128)
        let image = try PictureFixtures.decoded(picture.render(PictureFixtures.clip { _, _ in -20 }))
        let plot = (g.plotY..<(g.plotY + g.plotHeight)).flatMap { y in
            (g.plotX..<(g.plotX + g.plotWidth)).map { image.rgb($0, y) }
        }
        #expect(Set(plot) == [rgb(ColorMap.viridis.color(0))])
    }

    /// A title too long for the picture is cut to fit, ending in "..": at scale 2 on a 666-pixel
    /// picture, 55 characters of 12 pixels from x 2, the last two dots at x 640 and 652.
    @Test func aLongTitleIsCutWithTwoDots() throws {
        let picture = SpectrogramPicture()
        let title = String(repeating: "M", count: 80)
        let image = try PictureFixtures.decoded(
            picture.render(PictureFixtures.clip { row, _ in Float(row) }, title: title))
        // A dot is cells (1…2, 5…6) of its glyph; the title's glyphs start at y 4.
        for x in [640, 641, 652, 653] { #expect(image.rgb(x, 14) == [0, 0, 0], "a dot at x \(x)") }
        // Before them, an "M" (its left column is set on every row); after them, nothing.
        #expect(image.rgb(2 + 52 * 12, 6) == [0, 0, 0])
        #expect((656..<666).allSatisfy { x in (4..<18).allSatisfy { image.rgb(x, $0) == [255, 255, 255] } })
    }

    @Test func clipValuesAreRowMajorBandsByFrames() {
        let clip = PictureFixtures.clip(rows: 2, columns: 3) { row, column in Float(10 * row + column) }
        #expect(clip.values == [0, 1, 2, 10, 11, 12])
        #expect(clip[1, 2] == 12 && clip[0, 1] == 1)
    }

    private func luminance(_ p: ArraySlice<UInt8>) -> Double {
        ColorMap.luminance((p[p.startIndex], p[p.startIndex + 1], p[p.startIndex + 2]))
    }
}
