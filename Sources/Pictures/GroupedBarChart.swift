/// Vertical bars in groups on a `Raster`: one group per category, one bar per series, an optional
/// error bar (± a spread) on each, a zero line, ticks, a title and a legend, in the built-in font.
/// Used for the lesion chart (study 000's Figure 3: each task's drop per lesion set).
public struct GroupedBarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// One value per category.
        public var values: [Double]
        /// One spread per category (drawn as ± around the bar's end), nil where there is none.
        public var spreads: [Double?]
        public var color: Raster.Color

        public init(name: String, values: [Double], spreads: [Double?] = [], color: Raster.Color) {
            self.name = name
            self.values = values
            self.spreads = spreads
            self.color = color
        }
    }

    public var title: String
    public var yLabel: String
    public var categories: [String]
    public var series: [Series]

    public init(title: String, yLabel: String, categories: [String], series: [Series]) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    /// The chart drawn on a `width` × `height` canvas. The y axis always includes 0, so bars grow
    /// from it up (or down, for a negative drop: a lesion that helped).
    public func raster(width: Int, height: Int) -> Raster {
        var canvas = Raster(width: width, height: height)
        let line = Raster.textHeight(scale: 2)
        let left = 90, right = width - 16, top = 2 * line + 12, bottom = height - 2 * line - 16
        canvas.text(title, x: left, y: 6, scale: 2)
        guard right > left + 10, bottom > top + 10, !categories.isEmpty, !series.isEmpty else { return canvas }
        var ends: [Double] = [0]
        for s in series {
            for (i, v) in s.values.enumerated() where v.isFinite {
                let spread = i < s.spreads.count ? (s.spreads[i] ?? 0) : 0
                ends += [v - spread, v + spread]
            }
        }
        let low = ends.min()!, high = ends.max()!
        let pad = high > low ? (high - low) * 0.05 : 1
        let (yMin, yMax) = (low < 0 ? low - pad : 0, high + pad)
        func py(_ y: Double) -> Int { bottom - Int(((y - yMin) / (yMax - yMin) * Double(bottom - top)).rounded()) }

        let grey: Raster.Color = (200, 200, 200)
        for tick in AxisTicks.linear(yMin, yMax, count: 5) {
            canvas.fill(x: left, y: py(tick), width: right - left, height: 1, grey)
            let label = AxisTicks.label(tick)
            canvas.text(label, x: left - 6 - Raster.textWidth(label, scale: 2), y: py(tick) - line / 2, scale: 2)
        }
        canvas.verticalText(yLabel, x: 4, bottom: (top + bottom) / 2 + Raster.textWidth(yLabel, scale: 2) / 2, scale: 2)
        let groupWidth = (right - left) / categories.count
        let barWidth = max(2, (groupWidth * 3 / 4) / series.count)
        for (c, category) in categories.enumerated() {
            let groupLeft = left + c * groupWidth + (groupWidth - barWidth * series.count) / 2
            for (k, s) in series.enumerated() where c < s.values.count && s.values[c].isFinite {
                let value = s.values[c], x = groupLeft + k * barWidth
                let (y0, y1) = (py(0), py(value))
                canvas.fill(x: x, y: min(y0, y1), width: barWidth - 2, height: max(1, abs(y1 - y0)), s.color)
                if c < s.spreads.count, let spread = s.spreads[c], spread > 0 {
                    let middle = x + (barWidth - 2) / 2
                    let (a, b) = (py(value + spread), py(value - spread))
                    canvas.fill(x: middle, y: a, width: 2, height: max(1, b - a), Raster.black)
                    canvas.fill(x: middle - 4, y: a, width: 10, height: 2, Raster.black)
                    canvas.fill(x: middle - 4, y: b, width: 10, height: 2, Raster.black)
                }
            }
            let labelWidth = Raster.textWidth(category, scale: 2)
            canvas.text(category, x: left + c * groupWidth + (groupWidth - labelWidth) / 2, y: bottom + 8, scale: 2)
        }
        canvas.fill(x: left, y: top, width: 1, height: bottom - top + 1, Raster.black)
        canvas.fill(x: left, y: py(0), width: right - left + 1, height: 1, Raster.black)
        var legendX = right
        for s in series.reversed() {
            legendX -= Raster.textWidth(s.name, scale: 2) + 28
            canvas.fill(x: legendX, y: 6, width: 14, height: line, s.color)
            canvas.text(s.name, x: legendX + 20, y: 6, scale: 2)
        }
        return canvas
    }
}
