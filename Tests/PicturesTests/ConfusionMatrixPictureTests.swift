import PNG
import Pictures
import Testing

/// The confusion matrix picture drawn from plain counts: every cell's colour is its share of its row.
@Suite struct ConfusionMatrixPictureTests {
    @Test func cellsAreColouredByTheirShareOfTheRowAndNamedOnBothAxes() throws {
        let picture = ConfusionMatrixPicture(
            title: "test", classes: ["down", "no", "up"], counts: [[4, 0, 0], [1, 3, 0], [0, 2, 2]])
        #expect(picture.cell == 40)
        let raster = picture.raster()
        let image = try PNGImage(decoding: try raster.image.encoded())
        #expect(image.width == raster.width && image.height == raster.height)
        // Find the grid: the top-left cell is the first pixel of viridis(1) scanning row by row.
        let full = ColorMap.viridis.color(1)
        var origin: (x: Int, y: Int)?
        search: for y in 0..<image.height {
            for x in 0..<image.width where Array(image[x, y]) == [full.0, full.1, full.2] {
                origin = (x, y)
                break search
            }
        }
        let (x0, y0) = try #require(origin)
        // Sample each cell near its corner, clear of the count written in its middle.
        let shares: [[Double]] = [[1, 0, 0], [0.25, 0.75, 0], [0, 0.5, 0.5]]
        for t in 0..<3 {
            for p in 0..<3 {
                let c = ColorMap.viridis.color(shares[t][p])
                #expect(Array(image[x0 + p * 40 + 2, y0 + t * 40 + 2]) == [c.0, c.1, c.2], "cell \(t), \(p)")
            }
        }
        // Names sit left of the rows and above the columns: ink in both margins.
        let ink = { (x: Int, y: Int) in Array(image[x, y]) != [255, 255, 255] }
        #expect((0..<x0).contains { x in ink(x, y0 + 20) })
        #expect((0..<y0).contains { y in ink(x0 + 20, y) })
    }

    @Test func manyClassesShrinkTheCellsAndDropTheNames() {
        let n = 528
        let counts = (0..<n).map { t in (0..<n).map { $0 == t ? 1 : 0 } }
        let picture = ConfusionMatrixPicture(title: "528", classes: (0..<n).map { "c\($0)" }, counts: counts)
        #expect(picture.cell == 2)
        let raster = picture.raster()
        #expect(raster.width < 1300 && raster.height < 1300)
    }
}
