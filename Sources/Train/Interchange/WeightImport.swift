import Foundation
import MelshardCore
import NN
import Safetensors

/// Weights trained elsewhere (a PyTorch `state_dict` saved with `safetensors.torch.save_file`),
/// checked against a registry network and loaded into it, ready to be written as a run folder
/// that melshard's readers take like a trained one (docs/train.md, "Interchange with PyTorch").
///
/// The check is `load_state_dict(strict=True)`'s: the same names, each tensor the same shape;
/// every difference is collected (`WeightImportError.mismatches`), not just the first. Floats of
/// any width are converted to float32 (F16 and BF16 exactly, F64 rounded); counters may be I64
/// or I32. Values that are not finite are refused: they would make every output NaN.
public struct WeightImport {
    /// The network, holding the imported weights.
    public let network: Network
    /// The registry entry it was built from.
    public let entry: NetworkRegistry.Entry
    public let classes: Int
    /// The file read, and its SHA-256.
    public let source: String
    public let sourceSHA256: String
    /// How many tensors were converted from each dtype other than F32 and I64, e.g. `["F16": 12]`.
    public let conversions: [String: Int]

    /// Reads `file`, checks it against `model` with `classes` outputs (default: the study's),
    /// and loads it into a new network.
    ///
    /// - Throws: `WeightImportError`, listing every tensor that does not fit.
    public init(model: String, classes: Int? = nil, file: String) throws(WeightImportError) {
        guard let entry = NetworkRegistry.entries.first(where: { $0.name == model }) else {
            throw WeightImportError(
                path: file, model: model,
                problem: "unknown model \"\(model)\"; known models: "
                    + NetworkRegistry.names.joined(separator: ", ") + " (melshard models)")
        }
        let classes = classes ?? entry.studyClasses
        let network: Network
        do {
            network = try NetworkRegistry.make(
                model, inputShape: entry.input ?? NetworkRegistry.defaultInput, classes: classes, seed: 0)
        } catch {
            throw WeightImportError(path: file, model: model, problem: "\(error)")
        }
        let weights: SafetensorsFile
        do throws(SafetensorsError) { weights = try SafetensorsFile(path: file) } catch {
            throw WeightImportError(
                path: file, model: model, problem: "not a readable safetensors file: \(error.problem)")
        }
        let mismatches = StateDictMismatch.all(weights.header, against: network)
        guard mismatches.isEmpty else {
            throw WeightImportError(
                path: file, model: model, mismatches: mismatches, hint: Self.classesHint(mismatches, network))
        }
        var conversions: [String: Int] = [:]
        var values: [[Float]] = []
        for named in network.parameters {
            let entry = weights.header.entry(named.name)!
            if entry.dtype != .f32 && entry.dtype != .i64 { conversions[entry.dtype.rawValue, default: 0] += 1 }
            do throws(SafetensorsError) {
                if named.parameter.role == .counter {
                    let count =
                        entry.dtype == .i64
                        ? try weights.int64s(named.name) : try weights.int32s(named.name).map(Int64.init)
                    values.append(count.map { Float($0) })
                } else {
                    values.append(try weights.convertedFloats(named.name))
                }
            } catch {
                throw WeightImportError(path: file, model: model, problem: error.problem)
            }
            let bad = values[values.count - 1].filter { !$0.isFinite }.count
            if bad > 0 {
                throw WeightImportError(
                    path: file, model: model,
                    problem: "tensor \"\(named.name)\" holds \(bad) value(s) that are not finite float32 numbers "
                        + "(NaN, infinite, or beyond float32's range in \(entry.dtype.rawValue)); nothing written")
            }
        }
        for (named, value) in zip(network.parameters, values) {
            named.parameter.value = Tensor(shape: named.parameter.value.shape, values: value)
        }
        let digest: String
        do { digest = try SHA256Digest.hex(ofFile: file) } catch {
            throw WeightImportError(path: file, model: model, problem: "\(error)")
        }
        (self.network, self.entry, self.classes, self.source, self.sourceSHA256, self.conversions) = (
            network, entry, classes, file, digest, conversions
        )
    }

    /// "the file's head has 61 outputs: give --classes 61" when the last layer's weight differs
    /// from the network's in its output count alone.
    static func classesHint(_ mismatches: [StateDictMismatch], _ network: Network) -> String? {
        guard let head = network.trainable.last(where: { $0.parameter.value.shape.count >= 2 }) else { return nil }
        guard let found = mismatches.first(where: { $0.kind == .wrongShape && $0.name == head.name }),
            let fileShape = found.fileShape, let networkShape = found.networkShape,
            fileShape.count == networkShape.count, fileShape.dropFirst() == networkShape.dropFirst()
        else { return nil }
        return "the file's \(head.name) has \(fileShape[0]) outputs: give --classes \(fileShape[0])"
    }

    /// Writes the weights as a run folder at `run` (absent or empty): `config.json` (the model,
    /// and where the weights came from), `checkpoints/step-00000000/` and `checkpoints/best/`
    /// (the same files: the weights, an empty optimiser state, `state.json` at step 0).
    ///
    /// - Returns: the `best` checkpoint's folder.
    @discardableResult
    public func write(to run: RunFolder) throws(WeightImportError) -> String {
        func failed(_ message: String) -> WeightImportError {
            WeightImportError(path: run.path, model: entry.name, problem: message)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: run.path, isDirectory: &isDirectory) {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []
            guard isDirectory.boolValue, entries.isEmpty else {
                throw failed(
                    "exists and is not an empty folder; give a new --out folder (an import never writes over a run)")
            }
        }
        let record = ImportRecord(self)
        do throws(TrainError) {
            try run.create()
            try run.writeJSON(record, to: run.configPath)
        } catch {
            throw failed("\(error)")
        }
        let store = CheckpointStore(folder: run.checkpointsPath, keep: 1)
        let state = CheckpointState(
            step: 0, epoch: 0, position: .start, optimizerSteps: 0, seed: 0, trainer: .null)
        do throws(CheckpointError) {
            // Plain SGD keeps no slots: the checkpoint's optimiser file holds no tensors.
            try store.save(network: network, optimizer: SGD(parameters: network.trainable), state: state)
            try store.markBest(step: 0)
        } catch {
            throw failed("\(error)")
        }
        return run.checkpointsPath + "/" + CheckpointStore.bestName
    }
}
