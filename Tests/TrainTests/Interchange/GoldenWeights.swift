import NN
import Testing

/// The weights and batch of the one-step goldens (scripts/golden/nn/network_step.py), made from a
/// closed-form rule that Python and Swift compute to the same bits, so that AlexNet's and VGG-16's
/// 59 M and 136 M weights need not be committed.
///
/// Element i (row-major) of a tensor named `name` starts from v(name, i) in [−1, 1): splitmix64's
/// i-th output from the FNV-1a 64 hash of the name's UTF-8 bytes, its top 53 bits as a fraction u,
/// v = 2u − 1 (exact in Double). Then, by the name's last component and the tensor's rank, in
/// Double and rounded to Float once:
///
/// | tensor | value |
/// | --- | --- |
/// | `weight`, rank ≥ 2 (conv, linear) | v / √fan_in, fan_in = the product of shape[1...] |
/// | `weight`, rank 1 (batch norm, study 001's normalisation affine) | 1 + v / 10 |
/// | `bias`, `running_mean`, `mean` | v / 10 |
/// | `running_var`, `variance` | 1 + v / 2 |
/// | `num_batches_tracked`, `count` | 0 |
///
/// Every operation is one IEEE 754 operation (wrapping UInt64 arithmetic, exact conversions,
/// correctly rounded division and square root), so numpy gets the same bits.
enum GoldenWeights {
    /// FNV-1a 64 of `name`'s UTF-8 bytes.
    static func key(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    /// v(name, i) for i < count: splitmix64 from `key(name)`, mapped to [−1, 1).
    static func uniform(_ name: String, count: Int) -> [Double] {
        let k = key(name)
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Raw loops: the tests are built without optimisation, and VGG-16 has 136 M weights.
            for i in 0..<count {
                var z = k &+ UInt64(i + 1) &* 0x9e37_79b9_7f4a_7c15
                z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
                z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
                z ^= z >> 31
                buffer[i] = 2 * (Double(z >> 11) * 0x1p-53) - 1
            }
            initialized = count
        }
    }

    /// The tensor `name` of `shape` by the rule; fails the test for a kind of tensor the rule
    /// does not know (the generator refuses it too).
    static func values(_ name: String, shape: [Int]) throws -> [Float] {
        let leaf = name.split(separator: ".").last.map(String.init) ?? name
        let count = shape.reduce(1, *)
        if leaf == "num_batches_tracked" || leaf == "count" { return [Float](repeating: 0, count: count) }
        let value: (Double) -> Double
        switch leaf {
        case "weight" where shape.count >= 2:
            let root = Double(shape.dropFirst().reduce(1, *)).squareRoot()
            value = { $0 / root }
        case "weight": value = { 1 + $0 / 10 }
        case "bias", "running_mean", "mean": value = { $0 / 10 }
        case "running_var", "variance": value = { 1 + $0 / 2 }
        default:
            Issue.record("no golden weight rule for \(name): give its kind one here and in network_step.py")
            throw RuleError.unknownTensor(name)
        }
        let v = uniform(name, count: count)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            v.withUnsafeBufferPointer { v in for i in 0..<count { buffer[i] = Float(value(v[i])) } }
            initialized = count
        }
    }

    enum RuleError: Error { case unknownTensor(String) }

    /// Sets every tensor of `network` (its `state_dict`) by the rule.
    static func apply(to network: Network) throws {
        for named in network.parameters {
            let shape = named.parameter.value.shape
            named.parameter.value = Tensor(shape: shape, values: try values(named.name, shape: shape))
        }
    }

    /// The batch: `inputs` [count] + shape, element i = v("inputs", i); targets class (5n + 1) mod
    /// classes for clip n, or for a multi-label network 1 where n + c is even, else 0.
    static func batch(count: Int, shape: [Int], classes: Int, multiLabel: Bool) -> (inputs: Tensor, targets: Targets) {
        let size = count * shape.reduce(1, *)
        let inputs = Tensor(shape: [count] + shape, values: uniform("inputs", count: size).map { Float($0) })
        if multiLabel {
            let hot = (0..<(count * classes)).map { Float(($0 / classes + $0 % classes) % 2 == 0 ? 1 : 0) }
            return (inputs, .multiHot(Tensor(shape: [count, classes], values: hot)))
        }
        return (inputs, .classes((0..<count).map { (5 * $0 + 1) % classes }))
    }

    /// The elements a golden keeps of a tensor of `count`: floor(j · count / 128) for j < 128,
    /// or all of them when there are no more than 128.
    static func sampleIndices(_ count: Int) -> [Int] {
        count > samples ? (0..<samples).map { $0 * count / samples } : Array(0..<count)
    }

    static let samples = 128

    /// `tensor`'s elements at `indices`, as a flat tensor.
    static func sample(_ tensor: Tensor, _ indices: [Int]) -> Tensor {
        Tensor(shape: [indices.count], values: indices.map { tensor.values[$0] })
    }
}
