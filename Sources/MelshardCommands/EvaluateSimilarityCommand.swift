import ArgumentParser
import Evaluate
import Foundation
import Pictures
import Train

/// `melshard evaluate similarity RUN`: study 003's layer-wise similarity of the activations of
/// stimuli of one class (docs/evaluate.md, "Layer-wise similarity").
struct EvaluateSimilarityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Compare the activations of stimuli of one class, pair by pair, at every depth.",
        discussion: """
            The stimuli of a class are the split's clips of that class alone (for a multi-label build, the clips \
            with that one label). For every pair, each point's activations (flattened) are compared by Pearson \
            correlation, cosine similarity and the MSE divided by the pair's maximum, and averaged per point and \
            class. Writes RUN/evaluation/similarity/: similarity.json, similarity.png (the three measures against \
            depth, one line per class) and feature-maps.png (one filter's maps for two stimuli at every point).
            """)

    @OptionGroup var common: EvaluationStudyOptions

    @Option(help: "Stimuli per class at most (the first in the split's order); pairs grow as N(N−1)/2.")
    var maxStimuli = 50

    @Option(help: "blocks (the input, each conv or dense block, the output) or layers (after every layer).")
    var points = ActivationPoints.Granularity.blocks.rawValue

    @Option(help: "The filter whose maps feature-maps.png shows.")
    var filter = 0

    @Option(name: .customLong("class"), help: "The class whose stimuli feature-maps.png shows (default: the first).")
    var className: String?

    @Option(help: "The two stimuli of that class feature-maps.png shows, as I,J (counted from 0).")
    var pair = "0,1"

    func validate() throws {
        guard ActivationPoints.Granularity(rawValue: points) != nil else {
            throw ValidationError("--points \(points): blocks or layers")
        }
        guard stimuliPair != nil else { throw ValidationError("--pair \(pair): two different numbers I,J from 0") }
        guard filter >= 0 else {
            throw ValidationError("--filter takes 0 or more")
        }
    }

    private var stimuliPair: (Int, Int)? {
        let parts = pair.split(separator: ",").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 0, parts[1] >= 0, parts[0] != parts[1] else { return nil }
        return (parts[0], parts[1])
    }

    /// similarity.json.
    struct Output: Encodable {
        var run: String
        var checkpoint: String
        var split: String
        var similarity: LayerSimilarity
        var featureMaps: FeatureMapPair
        var featureMapClass: String
        var featureMapStimuli: [Int]
        var files: [String]
    }

    func run() throws {
        let (opened, loader) = try common.open()
        let card = opened.dataset.card
        let stimuli = try ClassStimuli.collect(
            loader, limit: maxStimuli)
        guard !stimuli.isEmpty else {
            throw SimilarityError.option("no class of the \(common.split) split has two clips of its own")
        }
        let chosen =
            try className.map { name in
                guard let found = stimuli.first(where: { $0.name == name }) else {
                    throw SimilarityError.option(
                        "--class \(name): the classes with two or more stimuli are "
                            + stimuli.map(\.name).joined(separator: ", "))
                }
                return found
            } ?? stimuli[0]
        let (i, j) = stimuliPair!
        let activationPoints = ActivationPoints(
            chain: LayerChain(opened.network.root), granularity: ActivationPoints.Granularity(rawValue: points)!,
            output: card.task == .multiLabel ? .sigmoid : .softmax)
        let similarity = try LayerSimilarity(points: activationPoints, stimuli: stimuli, threads: common.threads)
        let maps = try FeatureMapPair(
            points: activationPoints, stimuli: chosen.inputs, className: chosen.name, pair: (i, j), filter: filter,
            threads: common.threads)

        let directory = common.directory("similarity")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let chart = directory + "/similarity.png", mapsFile = directory + "/feature-maps.png"
        let file = directory + "/similarity.json"
        try SimilarityCharts.depthPicture(
            title: "\(opened.network.name), \(common.split) split",
            points: similarity.points,
            classes: similarity.classes.map { curve in
                SimilarityCharts.ClassCurve(
                    name: curve.name, pearson: curve.points.map(\.pearson), cosine: curve.points.map(\.cosine),
                    normalisedMSE: curve.points.map(\.normalisedMSE))
            }
        ).writePNG(to: chart)
        try SimilarityCharts.featureMaps(
            title: "\(opened.network.name): filter \(filter), class \(chosen.name)",
            columns: ("stimulus \(i)", "stimulus \(j)"),
            rows: maps.maps.map {
                SimilarityCharts.MapRow(
                    label: "\($0.point) (channel \($0.channel), \($0.height)×\($0.width))", height: $0.height,
                    width: $0.width, first: $0.first, second: $0.second)
            }
        ).writePNG(to: mapsFile)
        let result = Output(
            run: common.folder, checkpoint: opened.checkpoint, split: common.split, similarity: similarity,
            featureMaps: maps,
            featureMapClass: chosen.name, featureMapStimuli: [i, j], files: [file, chart, mapsFile])
        let encoded = try common.save(result, to: file)
        if common.json {
            print(String(decoding: encoded, as: UTF8.self))
            return
        }
        var lines: [String] = []
        for curve in similarity.classes {
            lines.append("\(curve.name): \(curve.stimuli) stimuli, \(curve.pairs) pairs")
            for point in curve.points {
                func number(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
                lines.append(
                    "  \(point.point): pearson \(number(point.pearson)), cosine \(number(point.cosine)), "
                        + "nMSE \(number(point.normalisedMSE))")
            }
        }
        lines.append("wrote \(file), similarity.png, feature-maps.png")
        print(lines.joined(separator: "\n"))
    }
}
