/// The layer-wise similarity pictures (study 003), from plain numbers.
public enum SimilarityCharts {
    /// One class's mean measures per point (nil where a measure is undefined for every pair).
    public struct ClassCurve: Sendable {
        public var name: String
        public var pearson: [Double?]
        public var cosine: [Double?]
        public var normalisedMSE: [Double]

        public init(name: String, pearson: [Double?], cosine: [Double?], normalisedMSE: [Double]) {
            self.name = name
            self.pearson = pearson
            self.cosine = cosine
            self.normalisedMSE = normalisedMSE
        }
    }

    /// Study 003's Figure 2: Pearson correlation, cosine similarity and normalised MSE against
    /// depth, one line per class, the three charts stacked; the x axis counts points (0 = the
    /// input) and the key under the charts names them.
    public static func depthPicture(
        title: String, points: [String], classes: [ClassCurve], width: Int = 960, height: Int = 1080
    ) -> Raster {
        func chart(_ name: String, _ values: (ClassCurve) -> [Double?]) -> LineChart {
            LineChart(
                title: name, xLabel: "depth (point)",
                series: classes.enumerated().map { c, curve in
                    LineChart.Series(
                        name: curve.name,
                        points: values(curve).enumerated().compactMap { p, v in v.map { (Double(p), $0) } },
                        color: LesionCharts.palette[c % LesionCharts.palette.count])
                })
        }
        let line = Raster.textHeight(scale: 2) + 4
        let key = points.enumerated().map { "\($0.offset) \($0.element)" }
        var keyLines: [String] = [], current = ""
        for item in key {
            let candidate = current.isEmpty ? item : current + "   " + item
            if Raster.textWidth(candidate, scale: 2) > width - 32, !current.isEmpty {
                keyLines.append(current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { keyLines.append(current) }
        let keyHeight = keyLines.count * line + 12
        let chartHeight = (height - keyHeight) / 3
        var canvas = Raster(width: width, height: height)
        let charts = [
            chart("\(title): Pearson correlation", \.pearson), chart("cosine similarity", \.cosine),
            chart("normalised MSE", { $0.normalisedMSE.map { Optional($0) } }),
        ]
        for (i, c) in charts.enumerated() {
            canvas.draw(c.raster(width: width, height: chartHeight), x: 0, y: i * chartHeight)
        }
        for (i, text) in keyLines.enumerated() {
            canvas.text(text, x: 16, y: 3 * chartHeight + 6 + i * line, scale: 2)
        }
        return canvas
    }

    /// One filter's maps for two stimuli at each point.
    public struct MapRow: Sendable {
        public var label: String
        public var height: Int
        public var width: Int
        /// Row-major `height × width`; row 0 (the lowest band, for the input) is drawn at the bottom.
        public var first: [Float]
        public var second: [Float]

        public init(label: String, height: Int, width: Int, first: [Float], second: [Float]) {
            self.label = label
            self.height = height
            self.width = width
            self.first = first
            self.second = second
        }
    }

    /// Study 003's Figure 1: a row per point (the input spectrograms, then the filter's map after
    /// each block), the two stimuli side by side. Each row's two maps share one colour scale
    /// (viridis from the row's minimum to its maximum), so they compare; each map is stretched to
    /// its cell by nearest neighbour.
    public static func featureMaps(
        title: String, columns: (String, String), rows: [MapRow], cellWidth: Int = 400, cellHeight: Int = 120
    ) -> Raster {
        let line = Raster.textHeight(scale: 2)
        let labelHeight = line + 6, gap = 16, margin = 16
        let top = 2 * line + 16
        let width = 2 * cellWidth + gap + 2 * margin
        let height = top + rows.count * (labelHeight + cellHeight + 8) + margin
        var canvas = Raster(width: width, height: height)
        canvas.text(title, x: margin, y: 6, scale: 2)
        canvas.text(columns.0, x: margin, y: 6 + line + 4, scale: 2)
        canvas.text(columns.1, x: margin + cellWidth + gap, y: 6 + line + 4, scale: 2)
        for (r, row) in rows.enumerated() {
            let y = top + r * (labelHeight + cellHeight + 8)
            canvas.text(row.label, x: margin, y: y, scale: 2)
            let all = row.first + row.second
            let low = Double(all.min() ?? 0), high = Double(all.max() ?? 1)
            let span = high > low ? high - low : 1
            for (k, values) in [row.first, row.second].enumerated() {
                let x0 = margin + k * (cellWidth + gap), y0 = y + labelHeight
                guard row.height > 0, row.width > 0 else { continue }
                for py in 0..<cellHeight {
                    let h = row.height - 1 - min(row.height - 1, py * row.height / cellHeight)
                    for px in 0..<cellWidth {
                        let w = min(row.width - 1, px * row.width / cellWidth)
                        let value = (Double(values[h * row.width + w]) - low) / span
                        canvas.set(x0 + px, y0 + py, ColorMap.viridis.color(value))
                    }
                }
            }
        }
        return canvas
    }
}
