import ArgumentParser
import Foundation
import Pictures

/// `melshard inspect DIR`: pictures of what a build stored, one clip or a class's grid.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Draw stored features as PNG spectrograms: one clip (--clip ID --png OUT.png) or a grid of a class (--class NAME --grid OUT.png).",
        discussion: """
            Reads the clip's shard and row from index.sqlite (shard_rows) and its features from the shard. Colours are viridis, \
            from the clip's lowest value (dark) to its highest (yellow); rows are mel bands, lowest at the bottom, labelled in Hz \
            at their true mel positions; columns are frames, labelled in seconds from the clip's start. Clip ids: \
            `SELECT clip_id FROM shard_rows` in index.sqlite, or the `clip_ids` tensor of a shard.
            """)

    @Argument(help: "An output directory of `melshard build` or `melshard demo`.")
    var directory: String

    @Option(help: ArgumentHelp("The clip to draw (an id from the index's clips table). Needs --png.", valueName: "ID"))
    var clip: Int64?

    @Option(help: ArgumentHelp("Where to write the clip's picture.", valueName: "OUT.png"))
    var png: String?

    @Option(
        name: .customLong("class"),
        help: ArgumentHelp("Draw clips of this class in a grid. Needs --grid.", valueName: "NAME"))
    var label: String?

    @Option(help: ArgumentHelp("Where to write the class's grid.", valueName: "OUT.png"))
    var grid: String?

    @Option(parsing: .unconditional, help: "At most this many clips in a grid, lowest clip ids first.")
    var limit = 12

    @Option(parsing: .unconditional, help: "Pictures per row of a grid.")
    var columns = 4

    func validate() throws {
        switch (clip, png, label, grid) {
        case (.some, .some, nil, nil), (nil, nil, .some, .some): break
        case (.some, nil, _, _): throw ValidationError("--clip needs --png OUT.png, the file to write")
        case (nil, .some, _, _): throw ValidationError("--png needs --clip ID, the clip to draw")
        case (_, _, .some, nil): throw ValidationError("--class needs --grid OUT.png, the file to write")
        case (_, _, nil, .some): throw ValidationError("--grid needs --class NAME, the class to draw")
        case (nil, nil, nil, nil): throw ValidationError("give --clip ID --png OUT.png, or --class NAME --grid OUT.png")
        default: throw ValidationError("give either --clip ID --png OUT.png or --class NAME --grid OUT.png, not both")
        }
        guard limit >= 1 else { throw ValidationError("--limit takes a number of clips ≥ 1, not \(limit)") }
        guard columns >= 1 else { throw ValidationError("--columns takes a number ≥ 1, not \(columns)") }
    }

    func run() throws {
        let output = try BuildOutput(directory: absolute(directory))
        if let clip, let png {
            let features = try output.clip(clip)
            try write(SpectrogramPicture().render(features), to: png)
            print(
                TerminalText.escaped(
                    "\(png): clip \(clip) (\(features.labels.joined(separator: "+")), \(features.source) at "
                        + "\(features.startSeconds) s), \(features.rows) × \(features.columns)"))
        } else if let label, let grid {
            let ids = try output.clipIDs(label: label, limit: limit)
            guard !ids.isEmpty else {
                let known = (try? output.labels())?.joined(separator: ", ") ?? ""
                throw CommandFailure("\(directory): no clip of class '\(label)' in the shards; classes are \(known)")
            }
            var clips: [ClipFeatures] = []
            for id in ids { clips.append(try output.clip(id)) }
            try write(
                SpectrogramGrid(columns: columns).render(clips, heading: "\(label): \(clips.count) clips"), to: grid)
            print(
                TerminalText.escaped(
                    "\(grid): \(clips.count) clips of class \(label) (ids \(ids.map(String.init).joined(separator: ", ")))"
                ))
        }
    }

    private func write(_ raster: Raster, to path: String) throws {
        try raster.writePNG(to: path)
    }
}
