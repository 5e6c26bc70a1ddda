import PNG
import Testing

@testable import Pictures

/// The lesion and similarity charts' pixels, decoded from their PNGs.
@Suite struct EvaluationChartTests {
    static let blue: Raster.Color = (31, 119, 180), orange: Raster.Color = (255, 127, 14)

    /// 400 × 300: the plot spans x 90…384 and y 40…256; values −0.5…1 padded by 5 % each way, so
    /// v sits at 256 − round((v + 0.575) / 1.65 · 216): 0 at 181, 1 at 50, −0.5 at 246.
    func bars() -> Raster {
        GroupedBarChart(
            title: "drops", yLabel: "drop ratio", categories: ["a", "b"],
            series: [
                .init(name: "music", values: [1, 0.5], spreads: [nil, 0.25], color: Self.blue),
                .init(name: "words", values: [-0.5, 0.25], color: Self.orange),
            ]
        ).raster(width: 400, height: 300)
    }

    @Test func barsGrowFromZeroUpAndDown() throws {
        let image = try PictureFixtures.decoded(bars())
        // Group a starts at 90 + (147 − 110) / 2 = 108; bars are 55 wide (53 drawn).
        #expect(image.rgb(130, 100) == rgb(Self.blue), "music's 1 fills 50…181")
        #expect(image.rgb(130, 45) == [255, 255, 255], "nothing above 1")
        #expect(image.rgb(180, 220) == rgb(Self.orange), "words' −0.5 hangs from 0 down to 246")
        #expect(image.rgb(180, 150) == [255, 255, 255], "nothing above 0 for a negative bar")
        #expect(image.rgb(300, 181) == [0, 0, 0], "the zero line")
    }

    @Test func spreadsAreErrorBars() throws {
        let image = try PictureFixtures.decoded(bars())
        // Group b's music bar: x 255…307, middle 281; 0.5 ± 0.25 spans y 83…148.
        #expect(image.rgb(281, 90) == [0, 0, 0], "the error bar above the bar's end")
        #expect(image.rgb(270, 90) == [255, 255, 255])
        #expect(image.rgb(278, 83) == [0, 0, 0], "the upper cap")
        #expect(image.rgb(270, 130) == rgb(Self.blue), "the bar itself below 0.5 (y 115)")
    }

    @Test func featureMapsShareARowScaleWithRowZeroAtTheBottom() throws {
        let rows = [
            SimilarityCharts.MapRow(
                label: "input", height: 2, width: 2, first: [0, 0, 1, 1], second: [1, 0.5, 0, 0.5])
        ]
        let image = try PictureFixtures.decoded(
            SimilarityCharts.featureMaps(title: "maps", columns: ("a", "b"), rows: rows))
        #expect(image.width == 2 * 400 + 16 + 32)
        // The cells start at y 44 + 20 = 64, x 16 and 432.
        #expect(image.rgb(20, 70) == rgb(ColorMap.viridis.color(1)), "row 1 of the first map is on top")
        #expect(image.rgb(20, 180) == rgb(ColorMap.viridis.color(0)), "row 0 at the bottom")
        #expect(image.rgb(440, 70) == rgb(ColorMap.viridis.color(0)))
        #expect(image.rgb(732, 180) == rgb(ColorMap.viridis.color(0.5)))
    }

    @Test func theDepthPictureDrawsOneLinePerClassInEachOfThreeCharts() throws {
        let classes = [
            SimilarityCharts.ClassCurve(
                name: "bass", pearson: [0.2, 0.5, 0.9], cosine: [0.3, nil, 0.95], normalisedMSE: [0.4, 0.3, 0.1]),
            SimilarityCharts.ClassCurve(
                name: "drums", pearson: [0.1, 0.4, 0.8], cosine: [0.2, 0.6, 0.9], normalisedMSE: [0.5, 0.4, 0.2]),
        ]
        let image = try PictureFixtures.decoded(
            SimilarityCharts.depthPicture(
                title: "t", points: ["input", "conv1", "output"], classes: classes, width: 600, height: 900))
        #expect(image.width == 600 && image.height == 900)
        let third = (900 - 30) / 3
        for chart in 0..<3 {
            let pixels = (chart * third..<(chart + 1) * third).flatMap { y in (0..<600).map { image.rgb($0, y) } }
            #expect(pixels.contains(rgb(LesionCharts.palette[0])), "chart \(chart): bass")
            #expect(pixels.contains(rgb(LesionCharts.palette[1])), "chart \(chart): drums")
        }
    }

    @Test func sortedDropsAreOneLinePerTask() throws {
        let image = try PictureFixtures.decoded(
            LesionCharts.sortedDrops(
                title: "sorted", tasks: ["music", "words"], sortedDrops: [[1, 0.5, 0], [0.2, 0.1, -0.1]], width: 400,
                height: 300))
        let pixels = (0..<300).flatMap { y in (0..<400).map { image.rgb($0, y) } }
        #expect(pixels.contains(rgb(LesionCharts.palette[0])) && pixels.contains(rgb(LesionCharts.palette[1])))
    }

    func rgb(_ c: Raster.Color) -> [UInt8] { [c.0, c.1, c.2] }
}
