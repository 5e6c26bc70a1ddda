import Foundation
import MelshardCore
import NN
import Safetensors

/// A complete checkpoint on disk: its folder and its `state.json`, whose file hashes matched.
public struct Checkpoint: Sendable {
    public static let modelFile = "model.safetensors"
    public static let optimizerFile = "optimizer.safetensors"
    public static let stateFile = "state.json"

    /// The folder: `RUN/checkpoints/step-NNNNNNNN` or `RUN/checkpoints/best`.
    public let path: String
    public let state: CheckpointState

    /// Reads `state.json` and checks both safetensors files against its hashes.
    ///
    /// - Throws: `CheckpointError` saying what is missing or damaged.
    public init(path: String) throws(CheckpointError) {
        let statePath = path + "/" + Self.stateFile
        guard let data = FileManager.default.contents(atPath: statePath) else {
            throw CheckpointError(path: statePath, problem: "missing (an interrupted or damaged checkpoint)")
        }
        let state: CheckpointState
        do { state = try JSONDecoder().decode(CheckpointState.self, from: data) } catch {
            throw CheckpointError(path: statePath, problem: "not a checkpoint state: \(DatasetCard.describe(error))")
        }
        guard state.format == "melshard-checkpoint", state.formatVersion == 1 else {
            throw CheckpointError(
                path: statePath,
                problem: "format \(state.format) version \(state.formatVersion) is not one this melshard reads")
        }
        for file in [Self.modelFile, Self.optimizerFile] {
            let filePath = path + "/" + file
            guard let expected = state.files[file] else {
                throw CheckpointError(path: statePath, problem: "no hash for \(file)")
            }
            let actual: String
            do { actual = try SHA256Digest.hex(ofFile: filePath) } catch { throw CheckpointError(error) }
            guard actual == expected else {
                throw CheckpointError(
                    path: filePath, problem: "sha256 \(actual) differs from state.json's \(expected): damaged")
            }
        }
        self.path = path
        self.state = state
    }

    /// Loads the weights into `network` (names and shapes must match; see `ModelWeights.load`).
    public func restoreModel(into network: Network) throws(CheckpointError) {
        try ModelWeights.load(path: path + "/" + Self.modelFile, into: network)
    }

    /// Restores the optimiser's slots and step count.
    public func restoreOptimizer(_ optimizer: any Optimizer) throws(CheckpointError) {
        let filePath = path + "/" + Self.optimizerFile
        var tensors: [String: Tensor] = [:]
        do throws(SafetensorsError) {
            let file = try SafetensorsFile(path: filePath)
            for entry in file.header.entries {
                tensors[entry.name] = Tensor(shape: entry.shape, values: try file.floats(entry.name))
            }
        } catch {
            throw CheckpointError(error)
        }
        do { try optimizer.restore(tensors, stepCount: state.optimizerSteps) } catch {
            throw CheckpointError(path: filePath, problem: "\(error)")
        }
    }

    /// The optimiser's state as a safetensors file: `stateTensors()` as F32, deterministic.
    static func encodeOptimizer(_ optimizer: any Optimizer) throws(CheckpointError) -> [UInt8] {
        let tensors = optimizer.stateTensors().map {
            SafetensorsTensor.float32($0.name, shape: $0.tensor.shape, values: $0.tensor.values)
        }
        do { return try SafetensorsEncoder.encode(tensors, metadata: [:]) } catch {
            throw CheckpointError(path: optimizerFile, problem: "\(error)")
        }
    }
}
