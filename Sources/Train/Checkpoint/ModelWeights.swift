import NN
import Safetensors

/// A network's `state_dict` as a safetensors file, in PyTorch's names and layouts.
///
/// Every `Network.parameters` entry by its name: trainable tensors and buffers as F32 in the
/// parameter's shape (conv weights `[out, in/groups, kh, kw]`, linear `[out, in]`), counters
/// (batch norm's `num_batches_tracked`) as I64 scalars of shape `[]`, as `torch.save` keeps them.
/// So `model.load_state_dict(safetensors.torch.load_file(path))` loads it into the same network
/// written in PyTorch, and a file saved that way from PyTorch loads here.
public enum ModelWeights {
    /// Metadata `safetensors.torch.save_file` writes; readers ignore it.
    static let metadata = ["format": "pt"]

    /// The file's bytes: deterministic, so the same weights give the same bytes.
    public static func encode(_ network: Network) throws(CheckpointError) -> [UInt8] {
        let tensors = network.parameters.map { named -> SafetensorsTensor in
            let value = named.parameter.value
            if named.parameter.role == .counter {
                return .int64(named.name, shape: [], values: [Int64(value.values.first ?? 0)])
            }
            return .float32(named.name, shape: value.shape, values: value.values)
        }
        do { return try SafetensorsEncoder.encode(tensors, metadata: metadata) } catch {
            throw CheckpointError(path: "model.safetensors", problem: "\(error)")
        }
    }

    /// Loads every parameter of `network` from the safetensors file at `path`, as PyTorch's
    /// `load_state_dict(strict=True)`: the names must be the same sets and each shape equal.
    /// Nothing is changed unless every tensor fits.
    ///
    /// - Throws: `CheckpointError` naming the first missing or unexpected tensor, or a tensor
    ///   whose shape or dtype differs (with both shapes).
    public static func load(path: String, into network: Network) throws(CheckpointError) {
        let file: SafetensorsFile
        do throws(SafetensorsError) { file = try SafetensorsFile(path: path) } catch { throw CheckpointError(error) }
        try load(file, into: network)
    }

    static func load(_ file: SafetensorsFile, into network: Network) throws(CheckpointError) {
        let path = file.path
        let parameters = network.parameters
        let expected = Set(parameters.map(\.name))
        if let extra = file.header.entries.map(\.name).first(where: { !expected.contains($0) }) {
            throw CheckpointError(
                path: path, problem: "unexpected tensor \"\(extra)\": the network \(network.name) has no such parameter"
            )
        }
        var values: [[Float]] = []
        for named in parameters {
            let name = named.name
            let shape = named.parameter.value.shape
            guard let entry = file.header.entry(name) else {
                throw CheckpointError(
                    path: path, problem: "tensor \"\(name)\" is missing (the network has it, \(shape.shapeDescription))"
                )
            }
            do {
                if named.parameter.role == .counter {
                    guard entry.dtype == .i64, entry.shape.reduce(1, *) == 1 else {
                        throw CheckpointError(
                            path: path,
                            problem: "tensor \"\(name)\" is \(entry.dtype.rawValue) "
                                + "\(entry.shape.shapeDescription), expected an I64 scalar []")
                    }
                    values.append(try file.int64s(name).map { Float($0) })
                } else {
                    guard entry.shape == shape else {
                        throw CheckpointError(
                            path: path,
                            problem: "tensor \"\(name)\" has shape \(entry.shape.shapeDescription) in "
                                + "the file and \(shape.shapeDescription) in the network")
                    }
                    values.append(try file.floats(name))
                }
            } catch let error as CheckpointError {
                throw error
            } catch let error as SafetensorsError {
                throw CheckpointError(error)
            } catch {
                throw CheckpointError(path: path, problem: "\(error)")
            }
        }
        for (named, value) in zip(parameters, values) {
            named.parameter.value = Tensor(shape: named.parameter.value.shape, values: value)
        }
    }
}
