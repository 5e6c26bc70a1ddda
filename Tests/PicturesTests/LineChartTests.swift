import PNG
import Testing

@testable import Pictures

/// A line chart's pixels: where the data, the grid, the axes, the ticks and the legend land, for
/// a canvas of 400 × 300 whose plot spans x 70…384 and y 40…260.
@Suite struct LineChartTests {
    static let red: Raster.Color = (220, 20, 20)

    /// y from 0 to 10 is padded by 5 % each way, so value v sits at 260 − round((v + 0.5) / 11 · 220).
    func rising() -> Raster {
        LineChart(
            title: "loss", xLabel: "step",
            series: [.init(name: "up", points: [(0, 0), (10, 10)], color: Self.red)]
        ).raster(width: 400, height: 300)
    }

    @Test func theLineRunsFromTheFirstPointToTheLast() throws {
        let image = try PictureFixtures.decoded(rising())
        #expect(image.width == 400 && image.height == 300)
        #expect(image.rgb(70, 250) == rgb(Self.red), "(0, 0) is at the plot's left, 10 px above its bottom")
        #expect(image.rgb(384, 50) == rgb(Self.red), "(10, 10) is at the plot's right, 10 px below its top")
        // (5, 5) is at x 70 + 157, y 150; Bresenham's line passes within a pixel of it.
        let near = (226...228).flatMap { x in (149...151).map { y in image.rgb(x, y) } }
        #expect(near.contains(rgb(Self.red)))
        // Nowhere near the line: above it on the left, below it on the right.
        #expect(image.rgb(100, 100) == [255, 255, 255] && image.rgb(350, 200) == [255, 255, 255])
    }

    @Test func gridLinesSitAtTheRoundYTicksAndAxesAreBlack() throws {
        let image = try PictureFixtures.decoded(rising())
        let grey: [UInt8] = [200, 200, 200]
        // Ticks 0, 5 and 10 of the padded range −0.5…10.5.
        for y in [250, 150, 50] { #expect(image.rgb(360, y) == grey && image.rgb(120, y) == grey, "grid at y \(y)") }
        #expect(image.rgb(360, 249) == [255, 255, 255] && image.rgb(360, 100) == [255, 255, 255])
        #expect(image.rgb(70, 100) == [0, 0, 0], "the y axis")
        #expect(image.rgb(200, 260) == [0, 0, 0], "the x axis")
    }

    @Test func xTicksSitAtTheRoundValues() throws {
        let image = try PictureFixtures.decoded(rising())
        // Ticks 0, 2, …, 10 at 70 + round(x / 10 · 314), drawn 5 px down from the axis.
        let marks = (0..<400).filter { image.rgb($0, 262) == [0, 0, 0] }
        #expect(marks == [70, 133, 196, 258, 321, 384])
    }

    @Test func theLegendShowsEachSeriesColourAtTheTopRight() throws {
        let image = try PictureFixtures.decoded(rising())
        // "up" is 22 px wide at scale 2; its swatch is 18 × 3 at x 384 − 22 − 28 = 334, y 13.
        #expect((334..<352).allSatisfy { image.rgb($0, 14) == rgb(Self.red) })
        #expect(image.rgb(333, 14) == [255, 255, 255] && image.rgb(352, 14) == [255, 255, 255])
        #expect((0..<400).contains { image.rgb($0, 8) == [0, 0, 0] }, "the title and the legend text")
    }

    @Test func aSinglePointIsASquare() throws {
        let chart = LineChart(title: "", xLabel: "", series: [.init(name: "p", points: [(3, 2)], color: Self.red)])
        let canvas = chart.raster(width: 400, height: 300)
        // One x value sits at the left; y 2 ± 1 (the padding of a flat series) puts 2 in the middle, at y 150.
        #expect(canvas.rgb(68, 148) == rgb(Self.red) && canvas.rgb(72, 152) == rgb(Self.red))
        #expect(canvas.rgb(73, 150) != rgb(Self.red) && canvas.rgb(70, 153) != rgb(Self.red))
    }

    @Test func nonFinitePointsAreDroppedAndNoDataSaysSo() {
        let series = LineChart.Series(name: "s", points: [(.nan, 1), (1, .infinity), (2, 3)], color: Self.red)
        #expect(series.points.count == 1 && series.points[0].x == 2)
        let empty = LineChart(title: "t", xLabel: "x", series: [.init(name: "s", points: [(.nan, 0)], color: Self.red)])
            .raster(width: 400, height: 300)
        #expect(empty.rgb(70, 260) == [255, 255, 255], "no axes without data")
        // "no data yet" at scale 2, 70 px in, from y 150.
        let text = (70..<200).flatMap { x in (150..<164).map { y in empty.rgb(x, y) } }
        #expect(text.filter { $0 == [0, 0, 0] }.count > 50)
    }

    /// The title starts at x 70, past the edge of a 60-pixel canvas, and is clipped away.
    @Test func aCanvasTooSmallForAPlotHasNoPlot() {
        let tiny = LineChart(
            title: "t", xLabel: "x", series: [.init(name: "s", points: [(0, 0), (1, 1)], color: Self.red)]
        )
        .raster(width: 60, height: 300)
        #expect(tiny.pixels.allSatisfy { $0 == 255 })
    }

    @Test func aTitleLongerThanTheCanvasIsCutAtTheEdge() {
        let title = String(repeating: "a long run name ", count: 20)
        let chart = LineChart(
            title: title, xLabel: "step", series: [.init(name: "s", points: [(0, 0), (1, 1)], color: Self.red)])
        let canvas = chart.raster(width: 400, height: 300)
        #expect(canvas.rgb(70, 250) == rgb(Self.red), "the plot is drawn as with a short title")
        #expect((380..<400).contains { canvas.rgb($0, 10) == [0, 0, 0] }, "the title runs to the edge")
    }
}
