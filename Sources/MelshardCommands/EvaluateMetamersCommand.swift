import ArgumentParser
import AudioDSP
import Build
import Evaluate
import FeatureSettings
import Foundation
import Pictures
import SoundFile
import Train

/// `melshard evaluate metamers RUN`: study 001's model metamers (docs/metamers.md).
///
/// `Evaluate` reads the build through its card and shards, which hold features, not audio, so
/// this command finds each target clip's source file and stretch through `Build`'s
/// `ClipRegions` (the build's index), decodes it with `AudioLoader` under the build's own
/// parameters (rate, resampler, channel), exactly as the build did, and hands the samples to
/// `MetamerStudy`, which checks them against the stored rows before optimising.
struct EvaluateMetamersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metamers",
        abstract: "Synthesise model metamers: audio whose activations at a layer match a clip's.",
        discussion: """
            For each target clip (chosen round-robin over the classes of the split, lowest clip ids first), pink \
            noise with the clip's RMS is optimised by Adam on the waveform, through the network and the \
            differentiable front end, until the activations at --layer match the clip's (squared L2 distance). \
            Each metamer is verified (the network's top class is the clip's) and compared with its target by \
            Spearman's correlation of the activations, against the correlations with the other targets. Writes \
            RUN/evaluation/metamers/: metamers.json, metamers.png, target-CLIP.wav and, per layer, LAYER/metamers.csv \
            and LAYER/metamer-CLIP.wav.
            """)

    @OptionGroup var common: EvaluationStudyOptions

    @Option(
        help: ArgumentHelp(
            "The layer whose activations are matched: input (the features) or a state_dict path (conv1); "
                + "several separated by commas."))
    var layer: String

    @Option(help: "How many target clips (2 or more), spread over the classes.")
    var targets: Int

    @Option(help: "Adam steps per metamer.")
    var iterations = 1500

    @Option(help: "The learning rate of the first --decay-steps steps.")
    var learningRate = 0.001

    @Option(help: "The learning rate is multiplied by this every --decay-steps steps.")
    var decayRate = 0.95

    @Option(help: "Steps between learning-rate decays.")
    var decaySteps = 1000

    @Option(help: "Seed of the pink noise (target k starts from seed + k).", transform: NumberArgument.seed)
    var seed: UInt64 = 0

    func validate() throws {
        guard targets >= 2 else { throw ValidationError("--targets takes 2 or more (the null needs other targets)") }
        guard iterations >= 1, decaySteps >= 1 else {
            throw ValidationError("--iterations and --decay-steps take 1 or more")
        }
        guard learningRate > 0, decayRate > 0, decayRate <= 1 else {
            throw ValidationError("--learning-rate takes a positive number, --decay-rate one in (0, 1]")
        }
        guard !layers.isEmpty else { throw ValidationError("--layer names no layer") }
    }

    private var layers: [String] {
        layer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// metamers.json.
    struct Output: Encodable {
        var run: String
        var checkpoint: String
        var split: String
        var options: Options
        var layers: [MetamerReport]
        var files: [String]
    }

    struct Options: Encodable {
        var iterations: Int
        var learningRate: Double
        var decayRate: Double
        var decaySteps: Int
        var seed: UInt64
        var loss = "squared L2 distance of the activations, summed"
    }

    func run() throws {
        let (opened, loader) = try common.open()
        let chosen = try MetamerTargets.choose(loader, count: targets, classNames: opened.dataset.classNames)
        let (parameters, clipSamples) = try MetamerStudy.featureParameters(of: opened)
        let audio = try chosen.map {
            try Self.decode($0.clipID, output: opened.dataset.output, parameters, clipSamples)
        }

        var options = MetamerOptions()
        (options.iterations, options.learningRate, options.decayRate) = (iterations, learningRate, decayRate)
        (options.decaySteps, options.seed, options.threads) = (decaySteps, seed, common.threads)

        let directory = common.directory("metamers")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [String] = []
        for (target, samples) in zip(chosen, audio) {
            let file = directory + "/target-\(target.clipID).wav"
            try Self.writeWAV(samples, rate: parameters.sampleRate, to: file)
            files.append(file)
        }
        var reports: [MetamerReport] = []
        var inputs: [[Float]] = []  // per layer, each metamer's features for the picture
        let frontEnd = try MetamerStudy.frontEnd(of: opened)
        for name in layers {
            let result = try MetamerStudy.run(
                opened, layer: name, targets: chosen, audio: audio, options: options,
                progress: { if !common.json { print($0) } })
            var report = result.report
            let metamers = result.metamers
            let folder = directory + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (k, samples) in metamers.enumerated() {
                let file = folder + "/metamer-\(chosen[k].clipID).wav"
                try Self.writeWAV(samples, rate: parameters.sampleRate, to: file)
                report.metamers[k].file = file
                files.append(file)
                inputs.append(try frontEnd.forward(samples).features.map { Float($0) })
            }
            let csv = folder + "/metamers.csv"
            try Data(report.csv.utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
            files.append(csv)
            reports.append(report)
        }

        let picture = directory + "/metamers.png"
        let targetFeatures = try audio.map { try frontEnd.forward($0).features.map { Float($0) } }
        try Self.picture(
            targets: chosen, targetFeatures: targetFeatures, layers: layers, metamerFeatures: inputs,
            parameters: parameters, clipSamples: clipSamples, shape: frontEnd.inputShape,
            heading: "\(opened.network.name) metamers, \(common.split) split"
        ).writePNG(to: picture)
        let file = directory + "/metamers.json"
        files += [picture, file]
        let output = Output(
            run: common.folder, checkpoint: opened.checkpoint, split: common.split,
            options: Options(
                iterations: iterations, learningRate: learningRate, decayRate: decayRate, decaySteps: decaySteps,
                seed: seed),
            layers: reports, files: files)
        let encoded = try common.save(output, to: file)
        if common.json {
            print(String(decoding: encoded, as: UTF8.self))
            return
        }
        for report in reports {
            print("\(report.layer): \(report.verifiedCount) of \(report.metamers.count) metamers verified")
        }
        print("wrote \(directory): metamers.json, metamers.png, the WAVs and LAYER/metamers.csv")
    }

    /// Clip `id`'s samples, decoded from its source as the build decoded them.
    static func decode(
        _ id: Int64, output: String, _ parameters: FeatureParameters, _ clipSamples: Int
    ) throws -> [Double] {
        guard let region = try ClipRegions.read(output: output, clip: id, sampleRate: parameters.sampleRate) else {
            throw EvaluationError(
                .dataset, path: output + "/index.sqlite", problem: "plans no clip \(id)",
                fix: "evaluate on the build the run was trained on")
        }
        guard region.length == clipSamples else {
            throw EvaluationError(
                .dataset, path: output + "/index.sqlite",
                problem: "clip \(id) (\(region.source)) is \(region.length) samples, the shards' clips \(clipSamples)")
        }
        let samples = try AudioLoader(parameters).clips(
            [ClipRegion(start: region.start, length: region.length)], from: region.file)
        return samples[0].map(Double.init)
    }

    /// A metamer as a 32-bit float WAV at the features' rate (no clipping or quantisation).
    static func writeWAV(_ samples: [Double], rate: Int, to path: String) throws {
        try SoundFile.write(samples.map { Float($0) }, sampleRate: rate, format: AudioFormat(.wav, .float32), to: path)
    }

    /// Rows: the targets; columns: the target's features, then its metamer's at each layer.
    static func picture(
        targets: [MetamerTarget], targetFeatures: [[Float]], layers: [String], metamerFeatures: [[Float]],
        parameters: FeatureParameters, clipSamples: Int, shape: [Int], heading: String
    ) -> Raster {
        var tiles: [ClipFeatures] = []
        func tile(_ target: MetamerTarget, _ name: String, _ values: [Float]) -> ClipFeatures {
            ClipFeatures(
                clipID: target.clipID, labels: [target.className], split: "", source: name, startSeconds: 0,
                durationSeconds: Double(clipSamples) / Double(parameters.sampleRate), shard: "", row: 0,
                parameters: parameters, clipSamples: clipSamples, rows: shape[1], columns: shape[2], values: values)
        }
        for (k, target) in targets.enumerated() {
            tiles.append(tile(target, "target " + target.className, targetFeatures[k]))
            for (l, name) in layers.enumerated() {
                tiles.append(tile(target, "metamer " + name, metamerFeatures[l * targets.count + k]))
            }
        }
        return SpectrogramGrid(columns: 1 + layers.count).render(tiles, heading: heading)
    }
}
