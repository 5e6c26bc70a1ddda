/// A line chart on a `Raster`: several series over a shared x axis, with ticks, a title and a
/// legend, drawn in the built-in font. Used for training curves (`TrainingCurves`).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: Raster.Color

        public init(name: String, points: [(x: Double, y: Double)], color: Raster.Color) {
            self.name = name
            self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var series: [Series]

    public init(title: String, xLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
    }

    /// The chart drawn on a `width` × `height` canvas.
    public func raster(width: Int, height: Int) -> Raster {
        var canvas = Raster(width: width, height: height)
        let line = Raster.textHeight(scale: 2)
        let left = 70, right = width - 16, top = 2 * line + 12, bottom = height - 2 * line - 12
        canvas.text(title, x: left, y: 6, scale: 2)
        let all = series.flatMap(\.points)
        guard right > left + 10, bottom > top + 10 else { return canvas }
        guard let xMin = all.map(\.x).min(), let xMax = all.map(\.x).max(),
            let yLow = all.map(\.y).min(), let yHigh = all.map(\.y).max()
        else {
            canvas.text("no data yet", x: left, y: (top + bottom) / 2, scale: 2)
            return canvas
        }
        let xSpan = xMax > xMin ? xMax - xMin : 1
        let pad = yHigh > yLow ? (yHigh - yLow) * 0.05 : max(abs(yHigh) * 0.1, 1)
        let (yMin, yMax) = (yLow - pad, yHigh + pad)
        func px(_ x: Double) -> Int { left + Int(((x - xMin) / xSpan * Double(right - left)).rounded()) }
        func py(_ y: Double) -> Int { bottom - Int(((y - yMin) / (yMax - yMin) * Double(bottom - top)).rounded()) }

        let grey: Raster.Color = (200, 200, 200)
        for tick in AxisTicks.linear(yMin, yMax, count: 5) {
            canvas.fill(x: left, y: py(tick), width: right - left, height: 1, grey)
            let label = AxisTicks.label(tick)
            canvas.text(label, x: left - 6 - Raster.textWidth(label, scale: 2), y: py(tick) - line / 2, scale: 2)
        }
        for tick in AxisTicks.linear(xMin, xMax, count: 6) {
            canvas.fill(x: px(tick), y: bottom, width: 1, height: 5, Raster.black)
            let label = AxisTicks.label(tick)
            canvas.text(label, x: px(tick) - Raster.textWidth(label, scale: 2) / 2, y: bottom + 8, scale: 2)
        }
        canvas.fill(x: left, y: top, width: 1, height: bottom - top + 1, Raster.black)
        canvas.fill(x: left, y: bottom, width: right - left + 1, height: 1, Raster.black)
        canvas.text(xLabel, x: (left + right - Raster.textWidth(xLabel, scale: 2)) / 2, y: height - line - 2, scale: 2)

        var legendX = right
        for s in series.reversed() {
            legendX -= Raster.textWidth(s.name, scale: 2) + 28
            canvas.fill(x: legendX, y: 6 + line / 2, width: 18, height: 3, s.color)
            canvas.text(s.name, x: legendX + 22, y: 6, scale: 2)
        }
        for s in series {
            for (a, b) in zip(s.points, s.points.dropFirst()) {
                canvas.line(from: (px(a.x), py(a.y)), to: (px(b.x), py(b.y)), s.color)
            }
            if s.points.count == 1, let p = s.points.first {
                canvas.fill(x: px(p.x) - 2, y: py(p.y) - 2, width: 5, height: 5, s.color)
            }
        }
        return canvas
    }
}

extension Raster {
    /// A two-pixel-wide straight line (Bresenham's algorithm), clipped like every drawing.
    public mutating func line(from a: (Int, Int), to b: (Int, Int), _ c: Color) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        while true {
            fill(x: x, y: y, width: 2, height: 2, c)
            if x == b.0 && y == b.1 { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }
}
