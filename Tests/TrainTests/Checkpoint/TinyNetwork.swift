import Foundation
import NN
import XCTest

/// A layer with a weight and a bias, like `nn.Linear` (no real computation: checkpoints only
/// need names, shapes and values).
final class TinyLinear: Layer {
    let weight: Parameter
    let bias: Parameter

    init(_ inputs: Int, _ outputs: Int, start: Float) {
        weight = Parameter(
            Tensor(shape: [outputs, inputs], values: (0..<(inputs * outputs)).map { start + Float($0) / 3 }))
        bias = Parameter(Tensor(shape: [outputs], values: (0..<outputs).map { start - Float($0) / 7 }))
    }

    var kind: String { "TinyLinear" }
    var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor { x }
    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? { nil }
}

/// A layer with batch norm's tensors: affine terms, running statistics and the batch counter.
final class TinyNorm: Layer {
    let weight = Parameter(Tensor(shape: [2], values: [1, 1.5]))
    let bias = Parameter(Tensor(shape: [2], values: [0, -0.25]))
    let runningMean = Parameter(Tensor(shape: [2], values: [0.125, 0.5]), role: .buffer)
    let runningVar = Parameter(Tensor(shape: [2], values: [1, 2]), role: .buffer)
    let batches = Parameter(Tensor(shape: [], values: [3]), role: .counter)

    var kind: String { "TinyNorm" }
    var ownParameters: [(name: String, parameter: Parameter)] {
        [
            ("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar),
            ("num_batches_tracked", batches),
        ]
    }
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor { x }
    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? { nil }
}

/// Children `0` and `1`, as an `nn.Sequential` names them.
final class TinyChain: Layer {
    let layers: [any Layer]
    init(_ layers: [any Layer]) { self.layers = layers }
    var kind: String { "TinyChain" }
    var children: [(name: String, layer: any Layer)] { layers.enumerated().map { (String($0.offset), $0.element) } }
    func outputShape(for input: [Int]) throws(ShapeError) -> [Int] { input }
    func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor { x }
    func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? { nil }
}

/// `0.weight [2, 3]`, `0.bias [2]`, `1.weight`, `1.bias`, `1.running_mean`, `1.running_var`,
/// `1.num_batches_tracked`.
func tinyNetwork(start: Float = 0.5, inputs: Int = 3) -> Network {
    Network(name: "tiny", inputShape: [inputs], root: TinyChain([TinyLinear(inputs, 2, start: start), TinyNorm()]))
}

/// SGD with momentum, enough to have slots to checkpoint.
final class TinyMomentum: Optimizer {
    private(set) var stepCount = 0
    private var buffers: [String: Tensor] = [:]

    func step(_ parameters: [NamedParameter], learningRate: Float) {
        stepCount += 1
        for p in parameters {
            var buffer = buffers[p.name] ?? Tensor(shape: p.parameter.value.shape)
            for i in buffer.values.indices {
                buffer.values[i] = 0.9 * buffer.values[i] + p.parameter.gradient.values[i]
                p.parameter.value.values[i] -= learningRate * buffer.values[i]
            }
            buffers[p.name] = buffer
        }
    }

    func stateTensors() -> [(name: String, tensor: Tensor)] {
        buffers.keys.sorted().map { ($0 + ".momentum_buffer", buffers[$0]!) }
    }

    func restore(_ tensors: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
        var restored: [String: Tensor] = [:]
        for (name, tensor) in tensors {
            guard name.hasSuffix(".momentum_buffer") else {
                throw OptimizerStateError(name: name, reason: "unknown slot")
            }
            restored[String(name.dropLast(".momentum_buffer".count))] = tensor
        }
        buffers = restored
        self.stepCount = stepCount
    }
}

/// Gradients of a fixed pattern, so an optimiser step changes every trainable value.
func setGradients(_ network: Network, scale: Float) {
    for (k, p) in network.trainable.enumerated() {
        for i in p.parameter.gradient.values.indices {
            p.parameter.gradient.values[i] = scale * Float(k + 1) + Float(i) / 10
        }
    }
}

/// A new temporary folder, removed when `test` ends.
func temporaryFolder(for test: XCTestCase) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("train-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
