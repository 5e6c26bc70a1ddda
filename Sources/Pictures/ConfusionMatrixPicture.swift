import PNG

/// A confusion matrix as a PNG: rows the true classes, columns the predicted ones, class names
/// on both axes, each cell coloured by its share of its row (the class's recall on the
/// diagonal) in viridis, and its count written in it when the cell is large enough.
///
/// Drawn from plain numbers (names and counts), so Pictures does not depend on Evaluate.
/// Colouring by the row's share rather than the raw count keeps a rare class's row readable
/// next to a common one's. Cells shrink with the number of classes (40 px for a few classes,
/// down to 2 px for the 528 of study 000's dual task); names are written while a cell is at
/// least a line of text high, and left out beyond that (the CSV has them all).
public struct ConfusionMatrixPicture: Sendable {
    public var title: String
    public var classes: [String]
    /// `counts[t][p]`: clips of true class `t` predicted as `p`.
    public var counts: [[Int]]

    /// - Precondition: `counts` is square, one row and column per class.
    public init(title: String, classes: [String], counts: [[Int]]) {
        precondition(counts.count == classes.count && counts.allSatisfy { $0.count == classes.count }, "not square")
        self.title = title
        self.classes = classes
        self.counts = counts
    }

    /// The side of one cell in pixels.
    public var cell: Int { max(2, min(40, 1200 / max(1, classes.count))) }

    public func raster() -> Raster {
        let n = classes.count
        let cell = self.cell
        let scale = cell >= 20 ? 2 : 1
        let line = Raster.textHeight(scale: scale)
        let named = cell >= line + 1
        let longest = named ? classes.map { Raster.textWidth($0, scale: scale) }.max() ?? 0 : 0
        let titleHeight = Raster.textHeight(scale: 2) + 12
        let left = 12 + Raster.textHeight(scale: 2) + 8 + longest + 6
        let top = titleHeight + Raster.textHeight(scale: 2) + 8 + longest + 6
        let side = n * cell
        let width = max(left + side + 12, Raster.textWidth(title, scale: 2) + 24)
        let height = top + side + 12
        var canvas = Raster(width: width, height: height)
        canvas.text(title, x: 12, y: 6, scale: 2)
        let predicted = "predicted class", truth = "true class"
        canvas.text(
            predicted, x: left + max(0, (side - Raster.textWidth(predicted, scale: 2)) / 2), y: titleHeight, scale: 2)
        canvas.verticalText(
            truth, x: 12, bottom: top + min(side, (side + Raster.textWidth(truth, scale: 2)) / 2), scale: 2)
        for t in 0..<n {
            let total = counts[t].reduce(0, +)
            for p in 0..<n {
                let share = total == 0 ? 0 : Double(counts[t][p]) / Double(total)
                let color = ColorMap.viridis.color(share)
                canvas.fill(x: left + p * cell, y: top + t * cell, width: cell, height: cell, color)
                let text = String(counts[t][p])
                if cell >= 20, Raster.textWidth(text, scale: scale) <= cell - 4 {
                    let ink = ColorMap.luminance(color) > 0.5 ? Raster.black : Raster.white
                    canvas.text(
                        text, x: left + p * cell + (cell - Raster.textWidth(text, scale: scale)) / 2,
                        y: top + t * cell + (cell - line) / 2, scale: scale, ink)
                }
            }
            if named {
                let name = classes[t]
                canvas.text(
                    name, x: left - 6 - Raster.textWidth(name, scale: scale), y: top + t * cell + (cell - line) / 2,
                    scale: scale)
                canvas.verticalText(name, x: left + t * cell + (cell - line) / 2, bottom: top - 6, scale: scale)
            }
        }
        return canvas
    }

    public var image: PNGImage { raster().image }
}
