import Evaluate
import MelshardCore
import NN

/// Hand-built networks whose lesions have known answers, and a random one for the cache check.
enum LesionTestNetworks {
    /// Task A (classes 0, 1) is carried by filter 0 alone, task B (classes 2, 3) by filter 1;
    /// filters 2 and 3 carry noise that no output reads.
    ///
    /// `features.0` is a 1×1 convolution copying its 4 input channels, `features.1` a batch norm
    /// whose running mean for channel 0 is −1 (so it adds 1 there), then ReLU and a linear head:
    /// l0 = 10·h0 − 5, l1 = 30·h0 − 40, l2 = 10·h1 − 1, l3 = 30·h1 − 25. A examples have
    /// h0 = 1 (class 0) or 2 (class 1) and h1 = 0; B examples h0 = 1, h1 = 1 (class 2) or 2 (class 3).
    /// With h0 = 0 every A example goes to class 2; with h0 = 1 (the batch norm's shift when the
    /// zeros go in before it) every A example goes to class 0, half of them right.
    static func oneFilterPerTask() -> (root: Sequential, data: LesionData) {
        var random = SeededRandom(seed: 1, stream: "test/lesion")
        let conv = Conv2D(4, 4, kernel: (1, 1), random: &random)
        conv.weight.value = Tensor(shape: [4, 4, 1, 1], values: (0..<16).map { $0 % 5 == 0 ? 1 : 0 })
        conv.bias!.value = Tensor(shape: [4])
        let norm = BatchNorm(4)
        norm.runningMean.value = Tensor(shape: [4], values: [-1, 0, 0, 0])
        let head = Linear(4, 4, random: &random)
        head.weight.value = Tensor(
            shape: [4, 4], values: [10, 0, 0, 0, 30, 0, 0, 0, 0, 10, 0, 0, 0, 30, 0, 0])
        head.bias!.value = Tensor(shape: [4], values: [-5, -40, -1, -25])
        let root = Sequential(named: [
            ("features", Sequential([conv, norm, ReLU()])), ("flatten", Flatten()),
            ("classifier", Sequential([head])),
        ])
        // Per class: (x0, x1); channels 2 and 3 are noise.
        let inputsFor: [(Float, Float)] = [(0, 0), (1, 0), (0, 1), (0, 2)]
        var batches: [LesionData.Batch] = []
        for b in 0..<3 {
            var values: [Float] = [], labels: [Int] = [], tasks: [Int] = []
            for i in 0..<8 {
                let label = (b + i) % 4
                let noise = (Float(random.nextUnit()), Float(random.nextUnit()))
                values += [inputsFor[label].0, inputsFor[label].1, noise.0, noise.1]
                labels.append(label)
                tasks.append(label < 2 ? 0 : 1)
            }
            batches.append(.init(inputs: Tensor(shape: [8, 4, 1, 1], values: values), labels: labels, tasks: tasks))
        }
        return (root, LesionData(batches: batches, taskNames: ["A", "B"]))
    }

    /// Task A (all class 0) is carried by filters 2, 5 and 7 together: l0 = h2 + h5 + h7 − 1
    /// against l1 = 3·h0 − 0.5, so an A example stays right until all three are lesioned, and no
    /// single lesion changes task A's accuracy. Task B (class 1) is carried by filter 0. The other
    /// channels are noise no output reads.
    static func plantedSet() -> (root: Sequential, data: LesionData) {
        var random = SeededRandom(seed: 2, stream: "test/planted")
        let conv = Conv2D(10, 10, kernel: (1, 1), random: &random)
        conv.weight.value = Tensor(shape: [10, 10, 1, 1], values: (0..<100).map { $0 % 11 == 0 ? 1 : 0 })
        conv.bias!.value = Tensor(shape: [10])
        let head = Linear(10, 2, random: &random)
        var weights = [Float](repeating: 0, count: 20)
        for planted in [2, 5, 7] { weights[planted] = 1 }
        weights[10] = 3
        head.weight.value = Tensor(shape: [2, 10], values: weights)
        head.bias!.value = Tensor(shape: [2], values: [-1, -0.5])
        let root = Sequential(named: [
            ("features", Sequential([conv, ReLU()])), ("flatten", Flatten()), ("classifier", Sequential([head])),
        ])
        var batches: [LesionData.Batch] = []
        for _ in 0..<2 {
            var values: [Float] = [], labels: [Int] = [], tasks: [Int] = []
            for i in 0..<6 {
                let task = i % 2
                for channel in 0..<10 {
                    let planted = [2, 5, 7].contains(channel)
                    if channel == 0 {
                        values.append(task == 1 ? 1 : 0)
                    } else if planted {
                        values.append(task == 0 ? 1 : 0)
                    } else {
                        values.append(Float(random.nextUnit()))
                    }
                }
                labels.append(task)
                tasks.append(task)
            }
            batches.append(.init(inputs: Tensor(shape: [6, 10, 1, 1], values: values), labels: labels, tasks: tasks))
        }
        return (root, LesionData(batches: batches, taskNames: ["A", "B"]))
    }

    /// A random conv net with batch norms whose running statistics are not the defaults:
    /// conv 3×3 (6) → BN → ReLU → max-pool → conv 3×3 (8) → BN → ReLU → global average pool →
    /// linear (7 classes). Input [N, 1, 8, 8].
    static func randomNetwork() -> (network: Network, data: LesionData) {
        var random = SeededRandom(seed: 3, stream: "test/random-net")
        func norm(_ channels: Int) -> BatchNorm {
            let bn = BatchNorm(channels)
            bn.runningMean.value = Tensor(
                shape: [channels], values: (0..<channels).map { _ in Float(random.nextUnit() - 0.5) })
            bn.runningVar.value = Tensor(
                shape: [channels], values: (0..<channels).map { _ in Float(0.5 + random.nextUnit()) })
            bn.weight.value = Tensor(
                shape: [channels], values: (0..<channels).map { _ in Float(0.5 + random.nextUnit()) })
            bn.bias.value = Tensor(
                shape: [channels], values: (0..<channels).map { _ in Float(random.nextUnit() - 0.5) })
            return bn
        }
        let root = Sequential(named: [
            (
                "features",
                Sequential([
                    Conv2D(1, 6, kernel: (3, 3), padding: .explicit(height: 1, width: 1), random: &random), norm(6),
                    ReLU(),
                    MaxPool2D(kernel: (2, 2)),
                    Conv2D(6, 8, kernel: (3, 3), padding: .explicit(height: 1, width: 1), random: &random), norm(8),
                    ReLU(),
                    GlobalAveragePool(),
                ])
            ),
            ("classifier", Sequential([Flatten(), Linear(8, 7, random: &random)])),
        ])
        var batches: [LesionData.Batch] = []
        for _ in 0..<4 {
            let values = (0..<(10 * 64)).map { _ in Float(random.nextUnit() * 2 - 1) }
            let labels = (0..<10).map { _ in Int(random.next() % 7) }
            batches.append(
                .init(
                    inputs: Tensor(shape: [10, 1, 8, 8], values: values), labels: labels, tasks: labels.map { $0 % 2 }))
        }
        return (
            Network(name: "test", inputShape: [1, 8, 8], root: root),
            LesionData(batches: batches, taskNames: ["even", "odd"])
        )
    }
}
