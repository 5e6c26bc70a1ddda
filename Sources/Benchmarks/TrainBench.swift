import BLAS
import Foundation
import MelshardCore
import NN
import Train

/// `melshard bench train`'s melshard side: a study's network trained for a fixed number of steps
/// on one fixed random batch in memory, Adam at 1e-4, float32, exactly the work
/// `scripts/bench/torch_train.py` gives PyTorch.
public enum TrainBench {
    /// A network of the studies, with the shapes and batch size the issue measures it at.
    public struct Net: Sendable {
        /// The registry name (`melshard train --model`).
        public var name: String
        /// The same network's name in `scripts/bench/torch_train.py`.
        public var torchName: String
        public var inputShape: [Int]
        public var batch: Int
        public var classes: Int
        public var multiLabel: Bool
    }

    public static let nets: [Net] = [
        Net(name: "lu-2d", torchName: "lu2d", inputShape: [1, 32, 32], batch: 64, classes: 8, multiLabel: false),
        Net(
            name: "pons-black-box", torchName: "pons_blackbox", inputShape: [1, 40, 80], batch: 10, classes: 8,
            multiLabel: false),
        Net(
            name: "pons-time-frequency", torchName: "pons_timefreq", inputShape: [1, 40, 80], batch: 10, classes: 8,
            multiLabel: false),
        Net(
            name: "pons-time", torchName: "pons_time", inputShape: [1, 40, 80], batch: 10, classes: 8, multiLabel: false
        ),
        Net(
            name: "pons-frequency", torchName: "pons_frequency", inputShape: [1, 40, 80], batch: 10, classes: 8,
            multiLabel: false),
        Net(
            name: "gebhardt", torchName: "gebhardt", inputShape: [1, 80, 300], batch: 64, classes: 4, multiLabel: true),
        Net(
            name: "alexnet-kell", torchName: "alexnet", inputShape: [1, 128, 128], batch: 64, classes: 528,
            multiLabel: false),
        Net(name: "vgg16", torchName: "vgg16", inputShape: [1, 128, 128], batch: 16, classes: 528, multiLabel: false),
        Net(
            name: "lu-grouped-1d", torchName: "lu_grouped1d", inputShape: [1, 32, 32], batch: 64, classes: 8,
            multiLabel: false),
        Net(
            name: "ren-base", torchName: "ren_base", inputShape: [1, 128, 1292], batch: 32, classes: 10,
            multiLabel: false),
        Net(
            name: "ren-masked", torchName: "ren_masked", inputShape: [1, 128, 1292], batch: 32, classes: 10,
            multiLabel: false),
        Net(
            name: "ren-cam", torchName: "ren_cam", inputShape: [1, 128, 1292], batch: 32, classes: 10,
            multiLabel: false),
    ]

    /// One side's measurement, as one JSON line (the torch script prints the same keys).
    public struct Result: Codable, Sendable {
        public var net: String
        public var batch: Int
        public var threads: Int
        public var steps: Int
        public var samples_per_s: Double
        public var ms_per_step: Double
        public var cpu_ms_per_step: Double
        public var final_loss: Double
        public var parameter_count: Int?
    }

    /// Trains `net` for `warmup` untimed and `steps` timed steps with `threads` threads.
    public static func run(_ net: Net, threads: Int, steps: Int, warmup: Int) throws -> Result {
        BLAS.setThreadCount(1)  // parallelGEMM splits the products itself, whatever --threads is
        let network = try NetworkRegistry.make(net.name, inputShape: net.inputShape, classes: net.classes, seed: 0)
        var random = SeededRandom(seed: 0, stream: "bench-train/" + net.name)
        let shape = [net.batch] + net.inputShape
        let x = Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.nextUnit() * 2 - 1) })
        let targets: Targets =
            net.multiLabel
            ? .multiHot(
                Tensor(
                    shape: [net.batch, net.classes],
                    values: (0..<(net.batch * net.classes)).map { _ in random.nextUnit() < 0.5 ? 1 : 0 }))
            : .classes((0..<net.batch).map { _ in Int(random.next() % UInt64(net.classes)) })
        let loss: any Loss = net.multiLabel ? BinaryCrossEntropyWithLogits() : CrossEntropyLoss()
        let optimizer = Adam(parameters: network.trainable)
        var last: Float = 0
        func step(_ index: Int) {
            let context = ForwardContext(training: true, threads: threads, seed: 0, step: UInt64(index))
            let (value, gradient) = loss.evaluate(network.forward(x, context), targets)
            network.zeroGradients()
            network.backward(gradient, context)
            optimizer.step(network.trainable, learningRate: 1e-4)
            last = value
        }
        for i in 0..<warmup { step(i) }
        let (start, cpuStart) = (Date(), processCPUSeconds())
        for i in 0..<steps { step(warmup + i) }
        let (elapsed, cpu) = (Date().timeIntervalSince(start), processCPUSeconds() - cpuStart)
        return Result(
            net: net.name, batch: net.batch, threads: threads, steps: steps,
            samples_per_s: Double(net.batch * steps) / elapsed, ms_per_step: 1000 * elapsed / Double(steps),
            cpu_ms_per_step: 1000 * cpu / Double(steps), final_loss: Double(last),
            parameter_count: network.parameterCount)
    }

    /// User + system CPU time of this process, all threads.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
