import PNG
import Testing

@testable import Pictures

/// A map drawn over a spectrogram: grey underneath, the map's hot colours blended in at alpha,
/// and the colour bar giving the map's scale.
@Suite struct ActivationOverlayTests {
    @Test func hotRunsFromBlackThroughRedAndYellowToWhite() {
        #expect(ColorMap.hot.color(0) == (0, 0, 0))
        #expect(ColorMap.hot.color(0.375) == (255, 0, 0))
        #expect(ColorMap.hot.color(0.75) == (255, 255, 0))
        #expect(ColorMap.hot.color(1) == (255, 255, 255))
        #expect(ColorMap.gray.color(0.5) == (128, 128, 128))
    }

    @Test func cellsBlendGreyAndTheMapAtAlpha() throws {
        let clip = PictureFixtures.clip(rows: 9, columns: 64) { r, _ in Float(r) }
        // The map is 1 in the right half, 0 in the left.
        let map = (0..<9).flatMap { _ in (0..<64).map { Float($0 >= 32 ? 1 : 0) } }
        let picture = SpectrogramPicture()
        let plain = try PictureFixtures.decoded(picture.render(clip))
        let drawn = try PictureFixtures.decoded(picture.render(clip, overlay: .init(values: map, label: "CAM")))
        #expect(drawn.width == plain.width && drawn.height == plain.height)
        let g = picture.geometry(rows: 9, columns: 64)
        // The top band (row 8, the clip's highest value, white in grey): left half 0.5·white +
        // 0.5·black, right half 0.5·white + 0.5·white.
        let y = g.plotY + g.cellY / 2
        #expect(drawn.rgb(g.plotX + 2, y) == [128, 128, 128])
        #expect(drawn.rgb(g.plotX + g.plotWidth - 2, y) == [255, 255, 255])
        // The bottom band (row 0, black in grey): right half 0.5·black + 0.5·white.
        let bottom = g.plotY + g.plotHeight - g.cellY / 2
        #expect(drawn.rgb(g.plotX + g.plotWidth - 2, bottom) == [128, 128, 128])
        #expect(drawn.rgb(g.plotX + 2, bottom) == [0, 0, 0])
        // The colour bar is the map's: its top is hot's 1 (white), its bottom hot's 0 (black).
        let barX = g.plotX + g.plotWidth + 4 * g.text + 2
        #expect(drawn.rgb(barX, g.plotY) == [255, 255, 255])
        #expect(drawn.rgb(barX, g.plotY + g.plotHeight - 1) == [0, 0, 0])
    }

    @Test func aGridDrawsEachClipsOwnOverlay() throws {
        let clips = (0..<2).map { i in PictureFixtures.clip(rows: 9, columns: 32, id: Int64(i)) { r, _ in Float(r) } }
        let zeros = [Float](repeating: 0, count: 9 * 32), ones = [Float](repeating: 1, count: 9 * 32)
        let grid = SpectrogramGrid(columns: 2)
        let a = grid.render(
            clips, heading: "h", overlays: [.init(values: zeros, label: "CAM"), .init(values: ones, label: "CAM")])
        let b = grid.render(
            clips, heading: "h", overlays: [.init(values: ones, label: "CAM"), .init(values: ones, label: "CAM")])
        let plain = grid.render(clips, heading: "h")
        #expect(a.width == plain.width && a.height == plain.height)
        #expect(a.pixels != b.pixels && a.pixels != plain.pixels)
    }
}
