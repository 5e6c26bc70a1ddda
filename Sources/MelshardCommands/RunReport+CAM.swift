import Evaluate
import Foundation
import Pictures

extension RunReport {
    /// Clips per class in the report's class activation map grids.
    static let camClipsPerClass = 3

    /// For a run whose network has class activation maps (global average pooling and one dense
    /// layer), one grid per class: its first `camClipsPerClass` clips (lowest clip ids, any split)
    /// with that class's map over them, as `melshard inspect --cam RUN --class NAME --grid` draws
    /// them. nil for other networks and for imported weights, which name no build; a section
    /// saying why when the build cannot be read.
    static func camSection(run: String, configuration: RunConfiguration) -> RunReportPage.Section? {
        guard let directory = configuration.dataset?.output else { return nil }
        let heading = "Class activation maps"
        do {
            let loaded = try LoadedRun(folder: run)
            guard let maps = try? ClassActivationMap(network: loaded.network, run: run) else { return nil }
            let output = try BuildOutput(directory: directory)
            var figures: [RunReportPage.Figure] = []
            for (index, name) in loaded.dataset.classNames.enumerated() {
                let ids = try output.clipIDs(label: name, limit: camClipsPerClass)
                guard !ids.isEmpty else { continue }
                let clips = try ids.map { try output.clip($0) }
                let overlays = try clips.map {
                    SpectrogramPicture.Overlay(
                        values: try ClipActivations.cam(loaded, maps, $0, classIndex: index), label: "CAM")
                }
                let grid = SpectrogramGrid(columns: camClipsPerClass).render(
                    clips, heading: "CAM \(name)", overlays: overlays)
                figures.append(
                    .init(
                        png: try grid.image.encoded(), caption: "class \(name): its map on \(clips.count) of its clips")
                )
            }
            return .init(
                heading: heading,
                paragraphs: [
                    "Each class's map (the dense layer's weights for the class applied to the last convolutional "
                        + "block's feature maps), upsampled bilinearly to the spectrogram and scaled to 0…1 per "
                        + "clip, "
                        + "in hot colours over the grey spectrogram: bright is where the evidence for the class lies."
                ],
                figures: figures)
        } catch {
            return .init(heading: heading, paragraphs: ["Not drawn: \(ErrorPresentation.message(for: error))"])
        }
    }
}
