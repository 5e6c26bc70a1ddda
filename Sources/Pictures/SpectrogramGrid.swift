/// Several clips' spectrograms side by side, `columns` to a row, each a compact picture with
/// its own axes, under one heading.
public struct SpectrogramGrid: Sendable {
    public var columns: Int
    public init(columns: Int = 4) { self.columns = max(1, columns) }

    /// - Parameter overlays: one per clip (a class activation map), drawn over its spectrogram; none when empty.
    public func render(
        _ clips: [ClipFeatures], heading: String, overlays: [SpectrogramPicture.Overlay] = []
    ) -> Raster {
        precondition(
            overlays.isEmpty || overlays.count == clips.count, "\(overlays.count) overlays, \(clips.count) clips")
        let picture = SpectrogramPicture(style: .compact)
        let tiles = clips.enumerated().map { i, clip in
            picture.render(
                clip,
                title: "clip \(clip.clipID) \(clip.source.split(separator: "/").last.map(String.init) ?? clip.source)",
                overlay: overlays.isEmpty ? nil : overlays[i])
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
