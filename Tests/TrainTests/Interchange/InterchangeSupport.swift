import Foundation
import MelshardCore
import NN
import Safetensors
import TestSupport
import Testing

@testable import Train

/// What the interchange tests share: the script, a seeded batch, and tensor comparisons.
enum InterchangeSupport {
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// scripts/interchange/torch_step.py
    static var script: String { repository + "/scripts/interchange/torch_step.py" }

    /// Fails the test with the remedy when python3 cannot import torch and safetensors: the
    /// bootstrap installs both, and these tests are about PyTorch.
    static func requireTorch() throws {
        try #require(
            PythonProcess.has("torch") && PythonProcess.has("safetensors"),
            "python3 cannot import torch and safetensors: run scripts/bootstrap (it installs torch's CPU wheel)")
    }

    /// Runs torch_step.py with `arguments`, requiring success.
    @discardableResult
    static func torch(_ arguments: [String]) throws -> PythonProcess.Outcome {
        let run = try PythonProcess.run([script] + arguments)
        try #require(run.status == 0, "torch_step.py \(arguments.joined(separator: " ")) failed: \(run.output)")
        return run
    }

    /// A seeded batch of `count` clips of `shape` (values in [−1, 1)) and targets: class
    /// indices i mod classes, or a seeded 0/1 matrix for a multi-label network.
    static func batch(
        count: Int, shape: [Int], classes: Int, multiLabel: Bool, seed: UInt64
    )
        -> (inputs: Tensor, targets: Targets)
    {
        var random = SeededRandom(seed: seed, stream: "interchange/batch")
        let size = count * shape.reduce(1, *)
        let inputs = Tensor(shape: [count] + shape, values: (0..<size).map { _ in Float(random.nextUnit() * 2 - 1) })
        if multiLabel {
            let hot = (0..<(count * classes)).map { _ in Float(random.next() & 1) }
            return (inputs, .multiHot(Tensor(shape: [count, classes], values: hot)))
        }
        return (inputs, .classes((0..<count).map { $0 % classes }))
    }

    /// The batch as torch_step.py reads it: `inputs` F32, `targets` I64 [N] or F32 [N, classes].
    static func write(_ batch: (inputs: Tensor, targets: Targets), to path: String) throws {
        let targets: SafetensorsTensor
        switch batch.targets {
        case .classes(let c): targets = .int64("targets", shape: [c.count], values: c.map(Int64.init))
        case .multiHot(let t): targets = .float32("targets", shape: t.shape, values: t.values)
        }
        let bytes = try SafetensorsEncoder.encode(
            [.float32("inputs", shape: batch.inputs.shape, values: batch.inputs.values), targets], metadata: [:])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A float tensor of `file` (F64 rounded), or an integer one widened to Float, in `shape` when given.
    static func tensor(_ file: SafetensorsFile, _ name: String, shape: [Int]? = nil) throws -> Tensor {
        let entry = try #require(file.header.entry(name), "\(file.path) has no tensor \(name)")
        let values = entry.dtype == .i64 ? try file.int64s(name).map { Float($0) } : try file.convertedFloats(name)
        try #require(values.count == (shape ?? entry.shape).reduce(1, *), "\(name): \(entry.shape) in the file")
        return Tensor(shape: shape ?? entry.shape, values: values)
    }

    /// max |a − b| / scale, with scale = max |b| unless given: the error relative to the
    /// tensor's scale, which does not blow up on the elements near zero that every layer has.
    /// Plain loops over the buffers: the tests are built without optimisation, and VGG-16's
    /// tensors hold 136 M numbers.
    static func relativeError(_ a: Tensor, _ b: Tensor, scale: Double? = nil) -> Double {
        precondition(a.count == b.count, "\(a.count) vs \(b.count) elements")
        var difference: Float = 0, largest: Float = 0
        a.values.withUnsafeBufferPointer { a in
            b.values.withUnsafeBufferPointer { b in
                for i in 0..<a.count {
                    let d = abs(a[i] - b[i])
                    if !(d <= difference) { difference = d }  // NaN counts as the worst
                    largest = max(largest, abs(b[i]))
                }
            }
        }
        let s = scale ?? Double(largest)
        return s == 0 ? Double(difference) : Double(difference) / s
    }

    /// The cosine of the angle between the updates a − before and b − before (1 when either is zero).
    static func updateCosine(_ a: Tensor, _ b: Tensor, from before: Tensor) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        a.values.withUnsafeBufferPointer { a in
            b.values.withUnsafeBufferPointer { b in
                before.values.withUnsafeBufferPointer { o in
                    for i in 0..<a.count {
                        let x = Double(a[i]) - Double(o[i]), y = Double(b[i]) - Double(o[i])
                        dot += x * y
                        aa += x * x
                        bb += y * y
                    }
                }
            }
        }
        return aa == 0 || bb == 0 ? 1 : dot / (aa.squareRoot() * bb.squareRoot())
    }

    /// A tensor past 1e-5 of PyTorch's float32 step after one step, with what the float32-limited
    /// rule of the step tests (TorchInterchangeTests, NetworkStepGoldenTests) asks of it.
    struct Departure {
        var name: String
        /// From PyTorch's float32 step, relative to the tensor's scale.
        var error: Double
        /// Of its update (after − before) with the float64 step's.
        var cosine: Double
        /// Its largest distance from the float64 step, and PyTorch's float32 step's, both relative
        /// to the tensor's scale.
        var fromExact: Double, pytorchFromExact: Double

        /// No further from the float64 step than 4 × PyTorch's float32 step is (or 4e-5): a
        /// direction check alone would pass an update scaled by a wrong learning rate, which the
        /// cosine cannot see (measured on VGG-16: at most 1.6 ×).
        var withinFloat32: Bool { fromExact <= 4 * max(pytorchFromExact, 1e-5) }

        /// Whether float32 explains the departure: the network is float32-limited (PyTorch's own
        /// float32 step is past 1e-5 of its float64 step somewhere: `pytorchWorst`), the update
        /// points the float64 update's way, and it is within float32's reach of the float64 step.
        func explained(pytorchWorst: Double) -> Bool { pytorchWorst > 1e-5 && cosine >= 0.999 && withinFloat32 }

        /// The failure message for `network`.
        func message(_ network: String, pytorchWorst: Double) -> String {
            "\(network): \(name) after one step differs from PyTorch's by \(error) relative (PyTorch's own float32 "
                + "step is at most \(pytorchWorst) from float64's); cosine of its update with float64's: \(cosine); "
                + "from the float64 step: \(fromExact) (PyTorch's float32 step: \(pytorchFromExact))"
        }
    }

    /// max |t|.
    static func largest(_ t: Tensor) -> Double {
        var m: Float = 0
        t.values.withUnsafeBufferPointer { for v in $0 { m = max(m, abs(v)) } }
        return Double(m)
    }
}
