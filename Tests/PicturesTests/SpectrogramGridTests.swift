import PNG
import Testing

@testable import Pictures

/// Clips side by side under a heading, `columns` to a row, each tile a compact picture.
@Suite struct SpectrogramGridTests {
    @Test func tilesFillRowsLeftToRightUnderTheHeading() throws {
        // Three clips whose single value tells them apart: clip k is all band-index · k.
        let clips = (1...3).map { k in PictureFixtures.clip(id: Int64(k)) { row, _ in Float(row * k) } }
        let grid = SpectrogramGrid(columns: 2).render(clips, heading: "H")
        // Compact tiles are 333 × 163 (see SpectrogramPictureTests), 8 px apart; the heading takes 32 px.
        #expect(grid.width == 2 * (333 + 8) && grid.height == 32 + 2 * (163 + 8))
        let image = try PictureFixtures.decoded(grid)
        // The heading "H" at scale 2 from (4, 6): its first row is #...#.
        #expect(image.rgb(4, 6) == [0, 0, 0] && image.rgb(6, 6) == [255, 255, 255] && image.rgb(12, 6) == [0, 0, 0])
        // Tile i sits at (4 + (i % 2) · 341, 32 + (i / 2) · 171); its plot at (+32, +13), band 8 at the plot's top.
        for i in 0..<3 {
            let (x, y) = (4 + (i % 2) * 341 + 32, 32 + (i / 2) * 171 + 13)
            #expect(image.rgb(x, y) == rgb(ColorMap.viridis.color(1)), "tile \(i): the top band")
            #expect(image.rgb(x, y + 125) == rgb(ColorMap.viridis.color(0)), "tile \(i): the bottom band")
        }
        // The fourth place is empty.
        #expect(image.rgb(4 + 341 + 32, 32 + 171 + 13) == [255, 255, 255])
    }

    @Test func aWideHeadingWidensTheGridAndNoClipsStillDrawsIt() {
        let heading = String(repeating: "W", count: 80)
        let empty = SpectrogramGrid(columns: 4).render([], heading: heading)
        #expect(empty.width == Raster.textWidth(heading, scale: 2) + 8)
        #expect(empty.pixels.contains(0))
        #expect(SpectrogramGrid(columns: 0).columns == 1)
    }
}
