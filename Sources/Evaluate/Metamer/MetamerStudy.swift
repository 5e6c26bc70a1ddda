import FeatureSettings
import Foundation
import NN
import Safetensors
import Train

/// Study 001's model metamers on a trained run: for each target clip, pink noise with the
/// target's RMS optimised until the network's activations at one layer match the target's
/// (`MetamerGenerator`), then verified (the network's top class for the metamer is the target's
/// class) and compared (Spearman's ρ of the activations, against the other targets').
///
/// The target's waveform is given by the caller (`Evaluate` reads a build through `dataset.json`
/// and the shards, which hold features, not audio): `MelshardCommands` decodes the clip's source
/// region as the build did. Before optimising, each target's features through the
/// differentiable front end are checked against the loader's input for its stored row, so a
/// source changed since the build, or audio the build did not use, is refused.
public enum MetamerStudy {
    /// The layer name meaning the network's input: the features themselves.
    public static let inputLayer = "input"

    /// The build's feature parameters and clip length, from the first shard's metadata.
    public static func featureParameters(of run: LoadedRun) throws(EvaluationError) -> (FeatureParameters, Int) {
        let output = run.dataset.output
        guard let shard = run.dataset.card.shards.first else {
            throw EvaluationError(.dataset, path: output + "/" + DatasetCard.fileName, problem: "lists no shard")
        }
        let path = output + "/" + shard.file
        let file: SafetensorsFile
        do { file = try SafetensorsFile(path: path) } catch {
            throw EvaluationError(.dataset, path: path, problem: "\(error)")
        }
        let metadata = file.header.metadata
        guard let json = metadata["feature_parameters"],
            let parameters = try? JSONDecoder().decode(FeatureParameters.self, from: Data(json.utf8)),
            let clipSamples = metadata["clip_samples"].flatMap(Int.init)
        else {
            throw EvaluationError(
                .dataset, path: path, problem: "has no readable feature_parameters and clip_samples metadata",
                fix: "rebuild with melshard build")
        }
        return (parameters, clipSamples)
    }

    /// The run's front end: the build's features, resized as built, standardised as the run trained.
    public static func frontEnd(of run: LoadedRun) throws(EvaluationError) -> MetamerFrontEnd {
        let (parameters, clipSamples) = try featureParameters(of: run)
        let cardPath = run.dataset.output + "/" + DatasetCard.fileName
        guard let standardisation = InputStandardisation.of(card: run.dataset.card, normalisation: run.normalisation)
        else {
            throw EvaluationError(
                .dataset, path: cardPath, problem: "no normalisation statistics for the run's \(run.normalisation)")
        }
        do {
            let frontEnd = try MetamerFrontEnd(
                parameters: parameters, clipSamples: clipSamples, standardisation: standardisation)
            guard frontEnd.inputShape == [1] + run.dataset.card.features.shape else {
                throw EvaluationError(
                    .dataset, path: cardPath,
                    problem: "features of shape \(run.dataset.card.features.shape), but the front end gives "
                        + "\(frontEnd.inputShape.dropFirst().map(String.init).joined(separator: " × "))")
            }
            return frontEnd
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError(
                .dataset, path: cardPath, problem: "the metamers' front end cannot take these features: \(error)")
        }
    }

    /// The largest difference between `forward`'s features and the stored row behind
    /// `storedInput` (the loader's standardised input), in feature units, and whether it is
    /// within the storage's rounding: |Δ| ≤ 2⁻¹⁰·|x| + 10⁻⁴·max|x| for every value x (float16
    /// keeps 11 significant bits; the float64 front end differs from the build's float32 by far
    /// less).
    public static func storedRowDifference(
        _ forward: MetamerFrontEnd.Forward, storedInput: [Float], standardisation: InputStandardisation
    ) -> (difference: Double, withinRounding: Bool) {
        let rows = standardisation.mean.count
        let columns = storedInput.count / rows
        var stored = [Double](repeating: 0, count: storedInput.count)
        for r in 0..<rows {
            for c in 0..<columns {
                stored[r * columns + c] =
                    Double(storedInput[r * columns + c]) * Double(standardisation.std[r])
                    + Double(standardisation.mean[r])
            }
        }
        let scale = stored.reduce(0) { max($0, abs($1)) }
        var (largest, within) = (0.0, true)
        for i in stored.indices {
            let d = abs(forward.features[i] - stored[i])
            largest = max(largest, d)
            if d > abs(stored[i]) / 1024 + 1e-4 * scale { within = false }
        }
        return (largest, within)
    }

    /// Metamers for `targets` at `layer` (a `state_dict` path of the run's network, or `input`).
    ///
    /// - Parameters:
    ///   - audio: each target's samples at the features' rate, as the build decoded them.
    ///   - progress: called after each metamer with a line for the terminal.
    /// - Returns: the report, and each metamer's samples.
    public static func run(
        _ run: LoadedRun, layer: String, targets: [MetamerTarget], audio: [[Double]], options: MetamerOptions,
        progress: (String) -> Void = { _ in }
    ) throws(EvaluationError) -> (report: MetamerReport, metamers: [[Double]]) {
        precondition(targets.count == audio.count, "one waveform per target")
        guard options.iterations >= 1, options.learningRate > 0, options.decayRate > 0, options.decaySteps >= 1 else {
            throw EvaluationError(
                .invalidOption, path: run.folder, problem: "iterations, learning rate, decay rate and decay steps",
                fix: "give each a positive value")
        }
        let frontEnd = try frontEnd(of: run)
        let chain = LayerChain(run.network.root)
        let generator: MetamerGenerator
        do {
            generator = try MetamerGenerator(
                chain: chain, layer: layer == inputLayer ? nil : layer, frontEnd: frontEnd, options: options)
        } catch {
            throw EvaluationError(
                .invalidOption, path: run.folder,
                problem: "--layer \(layer): "
                    + (error.description.hasPrefix("lesion: ") ? String(error.description.dropFirst(8)) : "\(error)"),
                fix: "name \(inputLayer) or one of the layers listed")
        }
        return try measure(
            generator, layer: layer, targets: targets, audio: audio, classNames: run.dataset.classNames,
            path: run.dataset.output, progress: progress)
    }

    /// `run`'s work once the generator is made: each target checked against its stored row, its
    /// metamer optimised, verified and correlated. `path` names the build in errors.
    public static func measure(
        _ generator: MetamerGenerator, layer: String, targets: [MetamerTarget], audio: [[Double]],
        classNames classes: [String], path: String, progress: (String) -> Void = { _ in }
    ) throws(EvaluationError) -> (report: MetamerReport, metamers: [[Double]]) {
        precondition(targets.count == audio.count, "one waveform per target")
        let (frontEnd, chain, options) = (generator.frontEnd, generator.chain, generator.options)
        // The first of equal maxima, as argmax takes it.
        func top(_ logits: [Float]) -> Int {
            logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) } ?? 0
        }

        // The targets' inputs, activations and predictions, checked against their stored rows.
        var targetActivations: [[Float]] = []
        var targetPredictions: [Int] = []
        var differences: [Double] = []
        for (k, target) in targets.enumerated() {
            let forward: MetamerFrontEnd.Forward
            do { forward = try frontEnd.forward(audio[k]) } catch {
                throw EvaluationError(.dataset, path: path, problem: "clip \(target.clipID): \(error)")
            }
            let check = storedRowDifference(
                forward, storedInput: target.storedInput, standardisation: frontEnd.standardisation)
            guard check.withinRounding else {
                throw EvaluationError(
                    .dataset, path: path,
                    problem: "clip \(target.clipID)'s decoded audio gives features up to \(check.difference) away "
                        + "from its shard row, more than the storage's rounding allows",
                    fix: "the source changed since the build, or the clip is a stem mixture (not supported): "
                        + "rebuild, or choose other targets")
            }
            differences.append(check.difference)
            targetActivations.append(generator.activations(input: forward.input))
            targetPredictions.append(top(generator.logits(input: forward.input)))
        }

        var metamers: [MetamerReport.Metamer] = []
        var samples: [[Double]] = []
        var shape: [Int] = []
        for (k, target) in targets.enumerated() {
            let rms = (audio[k].reduce(0) { $0 + $1 * $1 } / Double(max(audio[k].count, 1))).squareRoot()
            let start = PinkNoise.samples(count: audio[k].count, rms: rms, seed: options.seed &+ UInt64(k))
            let result: MetamerGenerator.Result
            let input: Tensor
            do {
                result = try generator.optimise(from: start, target: targetActivations[k])
                input = try frontEnd.forward(result.samples).input
            } catch {
                throw EvaluationError(.dataset, path: path, problem: "clip \(target.clipID): \(error)")
            }
            let context = ForwardContext.evaluation(threads: options.threads)
            let cut = chain.forward(input, 0..<generator.depth, context)
            shape = Array(cut.shape.dropFirst())
            let activations = cut.values
            let predicted = top(chain.forward(cut, generator.depth..<chain.links.count, context).values)
            let own = SpearmanCorrelation.of(activations, targetActivations[k])
            let null = targets.indices.filter { $0 != k }.compactMap {
                SpearmanCorrelation.of(activations, targetActivations[$0])
            }
            let metamer = MetamerReport.Metamer(
                clipID: target.clipID, className: target.className, targetPrediction: classes[targetPredictions[k]],
                metamerPrediction: classes[predicted], verified: predicted == target.label, spearman: own,
                null: MetamerReport.Null(null, own: own), initialLoss: result.initialLoss, finalLoss: result.finalLoss,
                storedRowDifference: differences[k], file: nil)
            metamers.append(metamer)
            samples.append(result.samples)
            progress(
                "\(layer): clip \(target.clipID) (\(target.className)) → \(metamer.metamerPrediction)"
                    + (metamer.verified ? ", verified" : ", not verified")
                    + ", spearman \(own.map { String(format: "%.3f", $0) } ?? "-")"
                    + ", loss \(String(format: "%.3g", result.initialLoss)) → \(String(format: "%.3g", result.finalLoss))"
            )
        }
        return (
            MetamerReport(layer: layer, activationShape: shape, iterations: options.iterations, metamers: metamers),
            samples
        )
    }
}
