import ArgumentParser
import Evaluate
import Foundation
import Pictures

/// `melshard inspect DIR`: pictures of what a build stored, one clip or a class's grid.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Draw stored features as PNG spectrograms (--clip ID --png OUT.png, --class NAME --grid OUT.png), "
            + "with a run's class activation map (--cam RUN) or filter (--run RUN --filter LAYER:K) over them, "
            + "or write a clip as audio (--clip ID --wav OUT.wav).",
        discussion: """
            Reads the clip's shard and row from index.sqlite (shard_rows) and its features from the shard. Colours are viridis, \
            from the clip's lowest value (dark) to its highest (yellow); rows are mel bands, lowest at the bottom, labelled in Hz \
            at their true mel positions; columns are frames, labelled in seconds from the clip's start. Clip ids: \
            `SELECT clip_id FROM shard_rows` in index.sqlite, or the `clip_ids` tensor of a shard. \
            --cam RUN --class NAME draws class NAME's activation map of the trained run RUN (a network with \
            global average pooling and one dense layer), upsampled bilinearly and scaled to 0…1, in "hot" colours \
            over the grey spectrogram. --wav inverts the mel spectrogram (non-negative least squares, then \
            Griffin-Lim, as librosa's mel_to_audio); with --run RUN --filter LAYER:K, the spectrogram is first masked by filter K's \
            activation at LAYER. See docs/pictures.md and docs/auralisation.md.
            """)

    @Argument(help: "An output directory of `melshard build` or `melshard demo`.")
    var directory: String

    @Option(help: ArgumentHelp("The clip to draw (an id from the index's clips table). Needs --png.", valueName: "ID"))
    var clip: Int64?

    @Option(help: ArgumentHelp("Where to write the clip's picture.", valueName: "OUT.png"))
    var png: String?

    @Option(
        help: ArgumentHelp(
            "Where to write the clip's features (or --filter's masked features) as audio.", valueName: "OUT.wav"))
    var wav: String?

    @Option(
        help: ArgumentHelp(
            "Draw the class activation map of this trained run over the clip (or the grid), for --class NAME.",
            valueName: "RUN"))
    var cam: String?

    @Option(
        name: .customLong("run"), help: ArgumentHelp("The trained run whose filter --filter names.", valueName: "RUN"))
    var filterRun: String?

    @Option(
        help: ArgumentHelp(
            "A filter of --run's network: LAYER is its state_dict path (conv1, features.0), K the channel from 0. "
                + "Masks --wav's audio, or is drawn over --png.", valueName: "LAYER:K"))
    var filter: String?

    @Option(parsing: .unconditional, help: "Griffin-Lim iterations for --wav (librosa's default).")
    var iterations = 32

    @Option(parsing: .unconditional, help: "The seed of Griffin-Lim's random initial phases for --wav.")
    var seed: UInt64 = 0

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
        if wav != nil || filter != nil || cam != nil || filterRun != nil {
            try validateRunOptions()
        } else {
            switch (clip, png, label, grid) {
            case (.some, .some, nil, nil), (nil, nil, .some, .some): break
            case (.some, nil, _, _):
                throw ValidationError("--clip needs --png OUT.png or --wav OUT.wav, the file to write")
            case (nil, .some, _, _): throw ValidationError("--png needs --clip ID, the clip to draw")
            case (_, _, .some, nil): throw ValidationError("--class needs --grid OUT.png, the file to write")
            case (_, _, nil, .some): throw ValidationError("--grid needs --class NAME, the class to draw")
            case (nil, nil, nil, nil):
                throw ValidationError(
                    "give --clip ID --png OUT.png, --clip ID --wav OUT.wav, or --class NAME --grid OUT.png")
            default:
                throw ValidationError("give either --clip ID --png OUT.png or --class NAME --grid OUT.png, not both")
            }
        }
        guard limit >= 1 else { throw ValidationError("--limit takes a number of clips ≥ 1, not \(limit)") }
        guard columns >= 1 else { throw ValidationError("--columns takes a number ≥ 1, not \(columns)") }
        guard iterations >= 0 else { throw ValidationError("--iterations takes a number ≥ 0, not \(iterations)") }
    }

    /// The combinations of --cam, --run, --filter and --wav.
    private func validateRunOptions() throws {
        if cam != nil {
            guard label != nil else {
                throw ValidationError("--cam RUN needs --class NAME, the class whose map to draw")
            }
            guard (clip != nil && png != nil && grid == nil) || (clip == nil && png == nil && grid != nil) else {
                throw ValidationError("--cam RUN --class NAME needs --clip ID --png OUT.png, or --grid OUT.png")
            }
            guard wav == nil, filter == nil, filterRun == nil else {
                throw ValidationError("--cam draws a class map; give --wav, --run and --filter in another call")
            }
            return
        }
        guard clip != nil else { throw ValidationError("--wav and --filter need --clip ID") }
        guard label == nil, grid == nil else {
            throw ValidationError("--wav and --filter take one --clip ID, not --class or --grid")
        }
        if filter != nil {
            guard filterRun != nil else { throw ValidationError("--filter LAYER:K needs --run RUN, the trained run") }
            _ = try parsedFilter()
        } else if filterRun != nil {
            throw ValidationError("--run RUN needs --filter LAYER:K, the filter to auralise or draw")
        }
        guard wav != nil || png != nil else { throw ValidationError("--filter needs --wav OUT.wav or --png OUT.png") }
    }

    /// `LAYER:K` split at its last colon.
    private func parsedFilter() throws -> (layer: String, index: Int) {
        guard let filter, let colon = filter.lastIndex(of: ":"), let k = Int(filter[filter.index(after: colon)...]),
            colon != filter.startIndex, k >= 0
        else {
            throw ValidationError(
                "--filter takes LAYER:K, a layer's state_dict path and a filter number ≥ 0 (conv1:8), "
                    + "not \(filter ?? "")"
            )
        }
        return (String(filter[..<colon]), k)
    }

    func run() throws {
        let output = try BuildOutput(directory: absolute(directory))
        if let cam, let label {
            try drawCAM(output, run: cam, label: label)
        } else if let clip, wav != nil || filter != nil {
            try runFilterOrAudio(output, clip: clip)
        } else if let clip, let png {
            let features = try output.clip(clip)
            try write(SpectrogramPicture().render(features), to: png)
            print(
                TerminalText.escaped(
                    "\(png): clip \(clip) (\(features.labels.joined(separator: "+")), \(features.source) at "
                        + "\(features.startSeconds) s), \(features.rows) × \(features.columns)"))
        } else if let label, let grid {
            let clips = try classClips(output, label: label)
            try write(
                SpectrogramGrid(columns: columns).render(clips, heading: "\(label): \(clips.count) clips"), to: grid)
            print(
                TerminalText.escaped(
                    "\(grid): \(clips.count) clips of class \(label) "
                        + "(ids \(clips.map { String($0.clipID) }.joined(separator: ", ")))"
                ))
        }
    }

    /// Up to `limit` clips of class `label`, lowest ids first.
    private func classClips(_ output: BuildOutput, label: String) throws -> [ClipFeatures] {
        let ids = try output.clipIDs(label: label, limit: limit)
        guard !ids.isEmpty else {
            let known = (try? output.labels())?.joined(separator: ", ") ?? ""
            throw CommandFailure("\(directory): no clip of class '\(label)' in the shards; classes are \(known)")
        }
        var clips: [ClipFeatures] = []
        for id in ids { clips.append(try output.clip(id)) }
        return clips
    }

    /// `--cam RUN --class NAME`: one clip's map (`--png`) or the class's grid (`--grid`).
    private func drawCAM(_ output: BuildOutput, run folder: String, label: String) throws {
        let run = try ClipActivations.open(run: folder, directory: absolute(directory))
        let maps = try ClassActivationMap(network: run.network, run: folder)
        let classIndex = try run.classIndex(label)
        if let clip, let png {
            let features = try output.clip(clip)
            let values = try ClipActivations.cam(run, maps, features, classIndex: classIndex)
            let title = "CAM \(label) · clip \(clip) (\(features.labels.joined(separator: "+")))"
            try write(
                SpectrogramPicture().render(features, title: title, overlay: .init(values: values, label: "CAM")),
                to: png)
            print(TerminalText.escaped("\(png): class activation map of \(label) on clip \(clip), run \(folder)"))
        } else if let grid {
            let clips = try classClips(output, label: label)
            let overlays = try clips.map {
                SpectrogramPicture.Overlay(
                    values: try ClipActivations.cam(run, maps, $0, classIndex: classIndex), label: "CAM")
            }
            try write(
                SpectrogramGrid(columns: columns).render(
                    clips, heading: "CAM \(label): \(clips.count) clips", overlays: overlays), to: grid)
            print(
                TerminalText.escaped(
                    "\(grid): class activation maps of \(label) on \(clips.count) clips, run \(folder)"))
        }
    }

    /// `--clip ID --wav OUT.wav` (the features as audio), optionally masked by `--run RUN --filter
    /// LAYER:K`, whose activation `--png` draws.
    private func runFilterOrAudio(_ output: BuildOutput, clip: Int64) throws {
        let features = try output.clip(clip)
        var mask: [Float]?
        var what = "clip \(clip)"
        if let folder = filterRun, filter != nil {
            let (layer, k) = try parsedFilter()
            let loaded = try ClipActivations.open(run: folder, directory: absolute(directory))
            let activation = try FilterActivation(network: loaded.network, run: folder, layer: layer, filter: k)
            mask = try ClipActivations.filter(loaded, activation, features)
            what = "filter \(k) of \(layer) (run \(folder)) on clip \(clip)"
            if let png {
                let title = "\(layer):\(k) · clip \(clip) (\(features.labels.joined(separator: "+")))"
                try write(
                    SpectrogramPicture().render(features, title: title, overlay: .init(values: mask!, label: "filter")),
                    to: png)
                print(TerminalText.escaped("\(png): activation of \(what)"))
            }
        } else if let png {
            try write(SpectrogramPicture().render(features), to: png)
            print(TerminalText.escaped("\(png): clip \(clip), \(features.rows) × \(features.columns)"))
        }
        if let wav {
            let count = try ClipActivations.writeAudio(
                features, mask: mask, iterations: iterations, seed: seed, to: wav)
            let seconds = Double(count) / Double(features.parameters.sampleRate)
            print(
                TerminalText.escaped(
                    "\(wav): \(what) as audio, \(count) samples (\(String(format: "%.2f", seconds)) s) at "
                        + "\(features.parameters.sampleRate) Hz, \(iterations) Griffin-Lim iterations"))
        }
    }

    private func write(_ raster: Raster, to path: String) throws {
        try raster.writePNG(to: path)
    }
}
