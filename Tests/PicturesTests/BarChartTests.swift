import Testing

@testable import Pictures

/// The report's bar charts are SVG text: bar lengths in proportion to the largest value, one
/// row of bars per category, and every label escaped.
@Suite struct BarChartTests {
    /// Two categories, two series; the largest value (4) gets the whole 420-pixel plot width.
    let chart = BarChart(
        categories: ["short", "a<b"],
        series: [
            .init(name: "found", color: "#123456", values: [2, 4]),
            .init(name: "used & kept", color: "#abcdef", values: [0, 0.5]),
        ])

    @Test func theCanvasFitsLabelsPlotAndValues() {
        // Labels 12 + 7 · 5 = 47 wide; 420 of plot; 60 for the values. Rows: a 22-pixel legend,
        // then per category 2 bars of 14 + 2 and a gap of 10.
        #expect(chart.svg().hasPrefix("<svg width=\"527\" height=\"106\" role=\"img\""))
        #expect(chart.svg().hasSuffix("</svg>"))
    }

    @Test func barsAreInProportionToTheLargestValue() {
        let svg = chart.svg()
        // Category 0 starts at y 22, category 1 at 22 + 42 = 64; the second series 16 lower.
        #expect(svg.contains("<rect x=\"47\" y=\"22\" width=\"210\" height=\"14\" fill=\"#123456\">"))
        #expect(svg.contains("<rect x=\"47\" y=\"38\" width=\"0\" height=\"14\" fill=\"#abcdef\">"))
        #expect(svg.contains("<rect x=\"47\" y=\"64\" width=\"420\" height=\"14\" fill=\"#123456\">"))
        // 0.5 / 4 · 420 = 52.5, rounded away from zero.
        #expect(svg.contains("<rect x=\"47\" y=\"80\" width=\"53\" height=\"14\" fill=\"#abcdef\">"))
        // Values are written 4 px past the bar's end: whole numbers bare, others with two decimals.
        #expect(
            svg.contains("<text x=\"261\" y=\"33\">2</text>") && svg.contains("<text x=\"104\" y=\"91\">0.50</text>"))
    }

    @Test func aTinyNonZeroValueStillShowsAPixel() {
        let svg = BarChart(categories: ["x", "y"], series: [.init(name: "n", color: "#000", values: [1000, 1])]).svg()
        #expect(svg.contains("width=\"420\" height=\"14\"") && svg.contains("width=\"1\" height=\"14\""))
    }

    @Test func allZeroValuesDrawNoBars() {
        let svg = BarChart(categories: ["x"], series: [.init(name: "n", color: "#000", values: [0])]).svg()
        #expect(svg.contains("width=\"0\" height=\"14\"") && !svg.contains("nan"))
    }

    @Test func labelsAreEscaped() {
        let svg = chart.svg()
        #expect(svg.contains(">a&lt;b</text>") && svg.contains(">used &amp; kept</text>"))
        #expect(!svg.contains("a<b") && !svg.contains("used & kept"))
        #expect(HTML.escape("\"q\" & <tag> 'ok'") == "&quot;q&quot; &amp; &lt;tag&gt; 'ok'")
    }
}
