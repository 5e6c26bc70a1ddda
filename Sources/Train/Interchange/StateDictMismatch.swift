import NN
import Safetensors

/// One way a safetensors file's tensors differ from a network's `state_dict`, as PyTorch's
/// `load_state_dict(strict=True)` would find it, plus the dtypes melshard cannot convert.
public struct StateDictMismatch: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The network has the tensor; the file does not.
        case missing
        /// The file has a tensor the network does not.
        case unexpected
        /// Both have it, in different shapes.
        case wrongShape = "wrong shape"
        /// A dtype that is not a float (weights, statistics) or an integer (counters).
        case wrongDType = "wrong dtype"
    }

    public var kind: Kind
    public var name: String
    /// The tensor's shape in the file (nil when missing).
    public var fileShape: [Int]?
    /// The tensor's shape in the network (nil when unexpected).
    public var networkShape: [Int]?
    /// The file's dtype, for `wrongDType`.
    public var dtype: String?

    /// One line, e.g. `wrong shape: out.weight is [61, 200] in the file, [8, 200] in the network`.
    public var description: String {
        switch kind {
        case .missing:
            return "missing: \(name) \(networkShape?.shapeDescription ?? "") (the network has it, the file does not)"
        case .unexpected:
            return "unexpected: \(name) \(fileShape?.shapeDescription ?? "") (in the file, not in the network)"
        case .wrongShape:
            return "wrong shape: \(name) is \(fileShape?.shapeDescription ?? "") in the file, "
                + "\(networkShape?.shapeDescription ?? "") in the network"
        case .wrongDType:
            return "wrong dtype: \(name) is \(dtype ?? "?"); "
                + (networkShape == [] ? "a counter must be I64 or I32" : "weights must be F16, BF16, F32 or F64")
        }
    }

    /// Every difference between `header`'s tensors and `network.parameters`, as
    /// `load_state_dict(strict=True)` checks them (names as sets, shapes equal): missing and
    /// wrongly shaped or typed tensors in the network's order, then unexpected ones in the
    /// file's. Counters (batch norm's `num_batches_tracked`, `[]`) must be one integer.
    public static func all(_ header: SafetensorsHeader, against network: Network) -> [StateDictMismatch] {
        var found: [StateDictMismatch] = []
        let names = Set(network.parameters.map(\.name))
        for named in network.parameters {
            let shape = named.parameter.value.shape
            let counter = named.parameter.role == .counter
            let expectedShape = counter ? [] : shape
            guard let entry = header.entry(named.name) else {
                found.append(StateDictMismatch(kind: .missing, name: named.name, networkShape: expectedShape))
                continue
            }
            let shapeFits = counter ? entry.shape.reduce(1, *) == 1 : entry.shape == shape
            if !shapeFits {
                found.append(
                    StateDictMismatch(
                        kind: .wrongShape, name: named.name, fileShape: entry.shape, networkShape: expectedShape))
            } else if !(counter ? integerTypes : floatTypes).contains(entry.dtype) {
                found.append(
                    StateDictMismatch(
                        kind: .wrongDType, name: named.name, fileShape: entry.shape, networkShape: expectedShape,
                        dtype: entry.dtype.rawValue))
            }
        }
        for entry in header.entries where !names.contains(entry.name) {
            found.append(StateDictMismatch(kind: .unexpected, name: entry.name, fileShape: entry.shape))
        }
        return found
    }

    static let floatTypes: Set<SafetensorsDType> = [.f16, .bf16, .f32, .f64]
    static let integerTypes: Set<SafetensorsDType> = [.i64, .i32]
}
