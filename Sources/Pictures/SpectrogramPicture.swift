import AudioDSP

/// One clip's features as a picture: the matrix in the viridis colour map, band 0 at the
/// bottom, with a frequency axis in Hz (at true mel positions), a time axis in seconds from the
/// clip's start, a colour bar with its range, and a title.
public struct SpectrogramPicture: Sendable {
    public enum Style: Sendable {
        /// Large: the plot about 512 × 256 pixels, text at scale 2 (`melshard inspect --clip`).
        case full
        /// Small: the plot about 256 × 128, text at scale 1 (grids and reports).
        case compact
    }

    public var style: Style
    public var colorMap: ColorMap

    public init(style: Style = .full, colorMap: ColorMap = .viridis) {
        self.style = style
        self.colorMap = colorMap
    }

    /// A map drawn over the spectrogram (a class activation map, a filter's activation), one
    /// value in [0, 1] per matrix cell. The spectrogram is then drawn in grey (its own min–max
    /// range, as without an overlay) and each cell's colour is `(1 − alpha) · grey + alpha ·
    /// colorMap(value)`; the colour bar gives the overlay's 0…1 scale under `label`.
    public struct Overlay: Sendable {
        /// `rows · columns` values in [0, 1], row-major as the clip's matrix.
        public var values: [Float]
        public var alpha: Double
        public var colorMap: ColorMap
        /// The colour bar's label ("CAM", "filter").
        public var label: String

        public init(values: [Float], alpha: Double = 0.5, colorMap: ColorMap = .hot, label: String) {
            precondition((0...1).contains(alpha), "alpha \(alpha) outside 0…1")
            (self.values, self.alpha, self.colorMap, self.label) = (values, alpha, colorMap, label)
        }
    }

    /// Where things go in a picture of a clip of `rows` × `columns`, in pixels.
    public struct Geometry: Sendable, Equatable {
        /// Font scale.
        public var text: Int
        /// Pixels per matrix cell, across and down: whole numbers, so every cell is the same size.
        public var cellX: Int, cellY: Int
        /// The plot: the matrix's top-left corner and size. Row 0 (the lowest band) is the bottom cell row.
        public var plotX: Int, plotY: Int, plotWidth: Int, plotHeight: Int
        public var width: Int, height: Int
    }

    public func geometry(rows: Int, columns: Int) -> Geometry {
        let text = style == .full ? 2 : 1
        let target = style == .full ? (512, 256) : (256, 128)
        let cellX = max(1, target.0 / columns), cellY = max(1, target.1 / rows)
        let plotW = columns * cellX, plotH = rows * cellY
        let glyphH = Raster.textHeight(scale: text)
        let left = Raster.textWidth("20k", scale: text) + 8 * text + glyphH
        let top = glyphH + 6 * text
        let bottom = 2 * glyphH + 10 * text
        let right = 10 * text + Raster.textWidth("-100", scale: text) + 8 * text
        return Geometry(
            text: text, cellX: cellX, cellY: cellY, plotX: left, plotY: top, plotWidth: plotW, plotHeight: plotH,
            width: left + plotW + right + 4 * text, height: top + plotH + bottom)
    }

    /// The picture of `clip`, titled `title` (default: clip id, label, source and start).
    ///
    /// - Parameter overlay: drawn over the matrix when given; its values must match the clip's cells.
    public func render(_ clip: ClipFeatures, title: String? = nil, overlay: Overlay? = nil) -> Raster {
        precondition(
            overlay.map { $0.values.count == clip.values.count } ?? true,
            "the overlay has \(overlay?.values.count ?? 0) values for \(clip.rows) × \(clip.columns) cells")
        let g = geometry(rows: clip.rows, columns: clip.columns)
        let (text, cellX, cellY, left, top, plotW, plotH) = (
            g.text, g.cellX, g.cellY, g.plotX, g.plotY, g.plotWidth, g.plotHeight
        )
        let glyphH = Raster.textHeight(scale: text)
        let barW = 10 * text
        var canvas = Raster(width: g.width, height: g.height)

        let finite = clip.values.filter(\.isFinite)
        let low = Double(finite.min() ?? 0), high = Double(finite.max() ?? 1)
        let span = high > low ? high - low : 1
        for r in 0..<clip.rows {
            let y = top + (clip.rows - 1 - r) * cellY
            for c in 0..<clip.columns {
                let level = (Double(clip[r, c]) - low) / span
                var color = colorMap.color(level)
                if let overlay {
                    let (grey, heat) = (
                        ColorMap.gray.color(level), overlay.colorMap.color(Double(overlay.values[r * clip.columns + c]))
                    )
                    func blend(_ a: UInt8, _ b: UInt8) -> UInt8 {
                        UInt8(((1 - overlay.alpha) * Double(a) + overlay.alpha * Double(b)).rounded())
                    }
                    color = (blend(grey.0, heat.0), blend(grey.1, heat.1), blend(grey.2, heat.2))
                }
                canvas.fill(x: left + c * cellX, y: y, width: cellX, height: cellY, color)
            }
        }

        let axes = SpectrogramAxes(
            parameters: clip.parameters, rows: clip.rows, columns: clip.columns, clipSamples: clip.clipSamples)
        // Frequency ticks: at the centre of the row they fall in.
        let (lowHz, highHz) = axes.bandRange
        // Mel rows crowd low frequencies together; a label too close to the one below it is left out.
        var lastLabelY = Int.max
        for hz in AxisTicks.frequencies(lowHz, highHz) {
            let row = axes.row(ofHz: hz)
            guard row >= -0.5, row <= Double(clip.rows) - 0.5 else { continue }
            let y = top + plotH - Int(((row + 0.5) * Double(cellY)).rounded())
            guard lastLabelY - y > glyphH + 2 * text else { continue }
            lastLabelY = y
            canvas.fill(x: left - 4 * text, y: y, width: 4 * text, height: text, Raster.black)
            let label = AxisTicks.label(hz, thousands: true)
            canvas.text(
                label, x: left - 6 * text - Raster.textWidth(label, scale: text), y: y - glyphH / 2, scale: text)
        }
        let axisLabel = clip.parameters.cochleagram == nil ? "Hz (mel)" : "Hz (ERB)"
        canvas.verticalText(
            axisLabel, x: 1, bottom: top + plotH / 2 + Raster.textWidth(axisLabel, scale: text) / 2, scale: text)

        // Time ticks.
        for seconds in AxisTicks.linear(0, axes.lastSeconds, count: style == .full ? 8 : 4) {
            let column = axes.column(ofSeconds: seconds)
            guard column >= -0.5, column <= Double(clip.columns) - 0.5 else { continue }
            let x = left + Int(((column + 0.5) * Double(cellX)).rounded())
            canvas.fill(x: x, y: top + plotH, width: text, height: 4 * text, Raster.black)
            let label = AxisTicks.label(seconds)
            canvas.text(label, x: x - Raster.textWidth(label, scale: text) / 2, y: top + plotH + 6 * text, scale: text)
        }
        let timeLabel = "time (s)"
        canvas.text(
            timeLabel, x: left + plotW / 2 - Raster.textWidth(timeLabel, scale: text) / 2,
            y: top + plotH + glyphH + 9 * text, scale: text)

        // Colour bar, top = highest value.
        let barX = left + plotW + 4 * text
        let barMap = overlay?.colorMap ?? colorMap
        for y in 0..<plotH {
            canvas.fill(
                x: barX, y: top + y, width: barW, height: 1, barMap.color(1 - Double(y) / Double(max(1, plotH - 1))))
        }
        if let overlay {
            canvas.text("1", x: barX + barW + 2 * text, y: top, scale: text)
            canvas.text("0", x: barX + barW + 2 * text, y: top + plotH - glyphH, scale: text)
            canvas.verticalText(
                overlay.label, x: barX + barW + 2 * text,
                bottom: top + plotH / 2 + Raster.textWidth(overlay.label, scale: text) / 2, scale: text)
            canvas.text(
                fit(title ?? Self.heading(clip), width: canvas.width - 4, scale: text), x: 2, y: 2 * text, scale: text)
            return canvas
        }
        let cochleagram = clip.parameters.cochleagram != nil
        let unit = clip.parameters.scale == .db && !cochleagram ? " dB" : ""
        // A cochleagram's compressed values lie within about 0.004…1: whole numbers would read 0 and 0.
        func barLabel(_ value: Double) -> String {
            cochleagram ? String(format: "%.2g", value) : AxisTicks.label(value.rounded())
        }
        canvas.text(barLabel(high), x: barX + barW + 2 * text, y: top, scale: text)
        canvas.text(barLabel(low), x: barX + barW + 2 * text, y: top + plotH - glyphH, scale: text)
        if !unit.isEmpty { canvas.text("dB", x: barX + barW + 2 * text, y: top + plotH / 2 - glyphH / 2, scale: text) }

        canvas.text(
            fit(title ?? Self.heading(clip), width: canvas.width - 4, scale: text), x: 2, y: 2 * text, scale: text)
        return canvas
    }

    /// The default title: clip id, labels, source and start.
    static func heading(_ clip: ClipFeatures) -> String {
        "clip \(clip.clipID) \(clip.labels.joined(separator: "+")) \(clip.source) "
            + "@ \(AxisTicks.label(clip.startSeconds)) s"
    }

    /// `text` cut with `..` to fit `width` pixels.
    private func fit(_ text: String, width: Int, scale: Int) -> String {
        let most = max(3, (width + 1) / (6 * scale))
        return text.count <= most ? text : String(text.prefix(most - 2)) + ".."
    }
}
