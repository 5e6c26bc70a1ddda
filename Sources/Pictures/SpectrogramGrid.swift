/// Several clips' spectrograms side by side, `columns` to a row, each a compact picture with
/// its own axes, under one heading.
public struct SpectrogramGrid: Sendable {
    public var columns: Int
    public init(columns: Int = 4) { self.columns = max(1, columns) }

    public func render(_ clips: [ClipFeatures], heading: String) -> Raster {
        let picture = SpectrogramPicture(style: .compact)
        let tiles = clips.map {
            picture.render(
                $0, title: "clip \($0.clipID) \($0.source.split(separator: "/").last.map(String.init) ?? $0.source)")
        }
        let tileW = tiles.map(\.width).max() ?? 1, tileH = tiles.map(\.height).max() ?? 1
        let perRow = min(columns, max(1, tiles.count))
        let rowsCount = (tiles.count + perRow - 1) / perRow
        let top = 2 * Raster.textHeight(scale: 2) + 4
        var canvas = Raster(
            width: max(perRow * (tileW + 8), Raster.textWidth(heading, scale: 2) + 8),
            height: top + max(1, rowsCount) * (tileH + 8))
        canvas.text(heading, x: 4, y: 6, scale: 2)
        for (i, tile) in tiles.enumerated() {
            canvas.draw(tile, x: 4 + (i % perRow) * (tileW + 8), y: top + (i / perRow) * (tileH + 8))
        }
        return canvas
    }
}
