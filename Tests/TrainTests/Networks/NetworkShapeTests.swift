import Foundation
import MelshardCore
import NN
import XCTest

@testable import Train

/// The studies' networks (`Sources/Train/Networks`) against the studies' parameter counts and the
/// PyTorch definitions in `scripts/bench/torch_train.py`.
///
/// `state_dict_shapes.json` is written by `scripts/golden/nn/network_shapes.py` (run by hand) from
/// the PyTorch modules: every `state_dict` name and shape in order, the trainable and float
/// counts, and the output shape for a batch of 2. So these tests need no Python, and a network
/// that drifts from its PyTorch twin (a renamed attribute, a transposed kernel) fails here.
final class NetworkShapeTests: XCTestCase {
    /// The networks by registry name, as `NetworkRegistry` makes them.
    static let makers:
        [(
            name: String,
            make:
                @Sendable (
                    _ inputShape: [Int], _ classes: Int,
                    _ random: inout SeededRandom
                ) -> Network
        )] = [
            ("lu-2d", Lu2DCNN.make), ("lu-grouped-1d", LuGrouped1DCNN.make), ("ren-base", RenBaseCNN.make),
            ("ren-masked", RenMaskedCNN.make), ("ren-cam", RenCAMCNN.make),
            ("pons-black-box", PonsBlackBox.make), ("pons-time", PonsTime.make),
            ("pons-frequency", PonsFrequency.make), ("pons-time-frequency", PonsTimeFrequency.make),
            ("gebhardt", GebhardtCNN.make), ("alexnet-kell", AlexNetKell.make), ("vgg16", VGG16.make),
        ]

    /// (trainable, every float of the state_dict): the studies' figures where they state one
    /// (study 004's Table 1; study 001's Tables 2 and 3, which count the normalisation's 2 and 3
    /// statistics), and `torch_train.py`'s derivations for the others.
    static let counts: [String: (trainable: Int, floats: Int)] = [
        "lu-2d": (1_625_610, 1_625_612),
        "lu-grouped-1d": (1_866_376, 1_866_379),
        "ren-base": (5_772_234, 5_772_234),
        "ren-masked": (5_772_234, 5_772_234),
        "ren-cam": (130_890, 130_890),
        "pons-black-box": (3_275_312, 3_275_312),
        "pons-time": (7_336, 7_336),
        "pons-frequency": (3_368, 3_368),
        "pons-time-frequency": (196_816, 196_816),
        "gebhardt": (188_491, 189_453),
        "alexnet-kell": (59_153_872, 59_156_176),
        "vgg16": (136_431_056, 136_439_504),
    ]

    /// One network's entry of `state_dict_shapes.json`.
    struct Reference: Sendable {
        var inputShape: [Int]
        var classes: Int
        var trainable: Int
        var floats: Int
        var outputShape: [Int]
        var stateDict: [(name: String, shape: [Int])]
    }

    static let references: [String: Reference] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("state_dict_shapes.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let nets = root["networks"] as? [String: [String: Any]]
        else {
            fatalError("cannot read \(url.path): run python3 scripts/golden/nn/network_shapes.py")
        }
        return nets.mapValues { net in
            let entries = (net["state_dict"] as? [[Any]]) ?? []
            return Reference(
                inputShape: net["input_shape"] as? [Int] ?? [], classes: net["classes"] as? Int ?? -1,
                trainable: net["trainable"] as? Int ?? -1, floats: net["floats"] as? Int ?? -1,
                outputShape: net["output_shape"] as? [Int] ?? [],
                stateDict: entries.map { ($0.first as? String ?? "?", $0.last as? [Int] ?? []) })
        }
    }()

    /// Each network built once for all tests: AlexNet's and VGG's 59 M and 136 M weights take
    /// tens of seconds to draw in a debug build.
    nonisolated(unsafe) private static var built: [String: Network] = [:]

    private func make(_ name: String) throws -> (Network, Reference) {
        let reference = try XCTUnwrap(Self.references[name], "\(name) is not in state_dict_shapes.json")
        if let network = Self.built[name] { return (network, reference) }
        let make = try XCTUnwrap(Self.makers.first { $0.name == name }?.make)
        var random = SeededRandom(seed: 1, stream: "init/" + name)
        let network = make(reference.inputShape, reference.classes, &random)
        Self.built[name] = network
        return (network, reference)
    }

    /// Every float the state_dict holds: trainable tensors and float buffers, not counters.
    private func floats(_ network: Network) -> Int {
        network.parameters.filter { $0.parameter.role != .counter }.reduce(0) { $0 + $1.parameter.value.count }
    }

    func testEveryNetworkHasAReference() {
        XCTAssertEqual(Set(Self.references.keys), Set(Self.makers.map(\.name)))
        XCTAssertEqual(Set(Self.counts.keys), Set(Self.makers.map(\.name)))
    }

    /// Names, order, shapes and roles of every tensor against PyTorch's `state_dict`; parameter
    /// counts against the studies; the output shape for the study's input.
    func testEachNetworkMatchesItsPyTorchTwin() throws {
        for (name, _) in Self.makers {
            let (network, reference) = try make(name)
            XCTAssertEqual(network.name, name)
            let ours = network.parameters.map { "\($0.name) \($0.parameter.value.shape)" }
            let theirs = reference.stateDict.map { "\($0.name) \($0.shape)" }
            XCTAssertEqual(ours, theirs, "\(name): state_dict names and shapes")
            for p in network.parameters where p.name.hasSuffix("num_batches_tracked") {
                XCTAssertEqual(p.parameter.role, .counter, "\(name): \(p.name)")
            }
            let expected = try XCTUnwrap(Self.counts[name])
            XCTAssertEqual(network.parameterCount, expected.trainable, "\(name): trainable parameters")
            XCTAssertEqual(floats(network), expected.floats, "\(name): state_dict floats")
            XCTAssertEqual(reference.trainable, expected.trainable, "\(name): torch_train.py's trainable count")
            XCTAssertEqual(reference.floats, expected.floats, "\(name): torch_train.py's float count")
            XCTAssertEqual(try network.outputShape(batch: 2), reference.outputShape, "\(name): output shape")
            XCTAssertEqual(reference.outputShape, [2, reference.classes])
        }
    }

    func testStudyInputShapes() throws {
        let inputs = Dictionary(uniqueKeysWithValues: Self.references.map { ($0.key, $0.value.inputShape) })
        XCTAssertEqual(inputs["lu-2d"], [1, 32, 32])
        XCTAssertEqual(inputs["lu-grouped-1d"], [1, 32, 32])
        for name in ["ren-base", "ren-masked", "ren-cam"] {
            XCTAssertEqual(inputs[name], [1, 128, 1292], name)
        }
        for entry in NetworkRegistry.entries where Self.references[entry.name] != nil {
            XCTAssertEqual(entry.input, inputs[entry.name], "\(entry.name): the registry's input shape")
        }
        for name in ["pons-black-box", "pons-time", "pons-frequency", "pons-time-frequency"] {
            XCTAssertEqual(inputs[name], [1, 40, 80], name)
        }
        XCTAssertEqual(inputs["gebhardt"], [1, 80, 300])
        XCTAssertEqual(inputs["alexnet-kell"], [1, 128, 128])
        XCTAssertEqual(inputs["vgg16"], [1, 128, 128])
    }

    /// Study 003's Table 1: 40×75×32, 13×18×64, 6×3×64, 3×1×128 after the four blocks.
    func testGebhardtIntermediateShapesAreTheTables() throws {
        let (network, _) = try make("gebhardt")
        let root = try XCTUnwrap(network.root as? Sequential)
        var shape = [2] + network.inputShape
        var afterPools = [[Int]]()
        for (name, layer) in root.children {
            shape = try layer.outputShape(for: shape)
            if name.hasPrefix("pool") { afterPools.append(shape) }
        }
        XCTAssertEqual(afterPools, [[2, 32, 40, 75], [2, 64, 13, 18], [2, 64, 6, 3], [2, 128, 3, 1]])
    }

    /// The shape after each named layer for one sample of the network's study input.
    private func shapes(_ name: String) throws -> [String: [Int]] {
        let (network, _) = try make(name)
        let root = try XCTUnwrap(network.root as? Sequential)
        var shape = [1] + network.inputShape
        var after = [String: [Int]]()
        for (child, layer) in root.children {
            shape = try layer.outputShape(for: shape)
            after[child] = Array(shape.dropFirst())
        }
        return after
    }

    /// Study 001's Table 3, in melshard's channel-first layout: (30, 128), (28, 512), (14, 256, 1),
    /// 3584, 512 in Keras's.
    func testLuGrouped1DShapesAreTheTables() throws {
        let after = try shapes("lu-grouped-1d")
        XCTAssertEqual(after["bands"], [32, 32])
        XCTAssertEqual(after["conv1"], [128, 30])
        XCTAssertEqual(after["conv2"], [512, 28])
        XCTAssertEqual(after["pool"], [1, 256, 14])
        XCTAssertEqual(after["flatten"], [3584])
        XCTAssertEqual(after["fc1"], [512])
        let (network, _) = try make("lu-grouped-1d")
        let groups = network.parameters.filter { $0.name.hasPrefix("conv") && $0.name.hasSuffix("weight") }
        XCTAssertEqual(
            groups.map(\.parameter.value.shape), [[128, 4, 3], [512, 16, 3]], "8 groups of 4 bands, then 16 maps")
        XCTAssertEqual(
            network.parameters.filter { $0.name.hasPrefix("norm.") }.map(\.parameter.role),
            [.buffer, .buffer, .buffer],
            "Table 3: the normalisation's 3 parameters are all non-trainable")
    }

    /// Keras's `count` is a scalar: it goes to a checkpoint as an F32 of shape [] and comes back.
    func testLuGrouped1DWeightsRoundTripWithTheScalarCount() throws {
        let (network, _) = try make("lu-grouped-1d")
        let count = try XCTUnwrap(network.parameters.first { $0.name == "norm.count" }?.parameter)
        XCTAssertEqual(count.value.shape, [])
        count.value.values = [6400]
        defer { count.value.values = [0] }
        let path = try temporaryFolder(for: self) + "/model.safetensors"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(try ModelWeights.encode(network))))
        var random = SeededRandom(seed: 9, stream: "other")
        let other = LuGrouped1DCNN.make(inputShape: [1, 32, 32], classes: 8, random: &random)
        try ModelWeights.load(path: path, into: other)
        for (p, q) in zip(network.parameters, other.parameters) {
            XCTAssertEqual(p.parameter.value, q.parameter.value, p.name)
        }
    }

    /// Study 002's networks on the recipe's 128 × 1292: the base's last map and the CAM's resolution.
    func testRenShapes() throws {
        let base = try shapes("ren-base"), masked = try shapes("ren-masked"), cam = try shapes("ren-cam")
        XCTAssertEqual(base["conv1"], [32, 126, 1290])
        XCTAssertEqual(base["relu3"], [64, 28, 319])
        XCTAssertEqual(base["flatten"], [571_648])
        XCTAssertEqual(masked["mask"], [64, 28, 319])
        XCTAssertNil(base["mask"])
        XCTAssertEqual(cam["relu4"], [128, 12, 157])
        XCTAssertEqual(cam["flatten"], [128])
        // The CAM network takes any input of 38 × 38 or more; 36 × 36 leaves conv 4 nothing.
        var random = SeededRandom(seed: 1, stream: "sizes")
        let small = RenCAMCNN.make(inputShape: [1, 38, 38], classes: 3, random: &random)
        XCTAssertEqual(try small.outputShape(batch: 2), [2, 3])
        XCTAssertThrowsError(try small.root.checkedOutputShape(for: [1, 1, 36, 36]))
    }

    /// The mask draws no weights, so the same seed gives the masked and the base CNN the same
    /// weights; with them, the masked network's output differs (it cuts activations) and its
    /// backward agrees with finite differences (on a reduced input, so that it is quick).
    func testRenMaskedIsTheBaseWithAMask() throws {
        var a = SeededRandom(seed: 3, stream: "ren"), b = SeededRandom(seed: 3, stream: "ren")
        let base = RenBaseCNN.make(inputShape: [1, 40, 60], classes: 10, random: &a)
        let masked = RenMaskedCNN.make(inputShape: [1, 40, 60], classes: 10, random: &b)
        XCTAssertEqual(base.parameters.map(\.name), masked.parameters.map(\.name))
        for (p, q) in zip(base.parameters, masked.parameters) {
            XCTAssertEqual(p.parameter.value, q.parameter.value, p.name)
        }
        var random = SeededRandom(seed: 4, stream: "ren-x")
        let x = Tensor(shape: [2, 1, 40, 60], values: (0..<4800).map { _ in Float(random.nextUnit() * 2 - 1) })
        XCTAssertNotEqual(base.forward(x, .evaluation()), masked.forward(x, .evaluation()))
        try checkForwardAndBackward("ren-masked (40 × 60)", masked)
    }

    /// The feature maps before the adaptive pools: 3×3 for AlexNet and 4×4 for VGG at 128 × 128.
    func testAlexNetAndVGGFeatureMaps() throws {
        for (name, map) in [("alexnet-kell", [2, 256, 3, 3]), ("vgg16", [2, 512, 4, 4])] {
            let (network, _) = try make(name)
            let features = try XCTUnwrap((network.root as? Sequential)?.children.first?.layer)
            XCTAssertEqual(try features.outputShape(for: [2] + network.inputShape), map, name)
        }
    }

    func testOtherInputSizesAndClassCounts() throws {
        var random = SeededRandom(seed: 1, stream: "sizes")
        XCTAssertEqual(
            try PonsTimeFrequency.make(inputShape: [1, 48, 100], classes: 3, random: &random)
                .outputShape(batch: 4), [4, 3])
        XCTAssertEqual(
            try Lu2DCNN.make(inputShape: [1, 40, 36], classes: 5, random: &random).outputShape(batch: 1),
            [1, 5])
        XCTAssertEqual(
            try PonsBlackBox.make(inputShape: [1, 44, 90], classes: 10, random: &random)
                .outputShape(batch: 2), [2, 10])
        XCTAssertEqual(
            try GebhardtCNN.make(inputShape: [1, 80, 300], classes: 7, random: &random)
                .outputShape(batch: 3), [3, 7])
        // AlexNet's head is sized by its adaptive pool, so any input whose features survive works.
        let (alexnet, _) = try make("alexnet-kell")
        XCTAssertEqual(try alexnet.root.outputShape(for: [1, 1, 160, 96]), [1, 528])
        XCTAssertThrowsError(try alexnet.root.outputShape(for: [1, 1, 40, 40])) { error in
            XCTAssertEqual((error as? ShapeError)?.layer.hasPrefix("features."), true, "\(error)")
        }
    }

    /// Forward and backward of the small networks on the study's input: finite outputs, a
    /// gradient for every trainable tensor, and a directional finite-difference check of dL/dx
    /// (evaluation mode, so dropout is the identity and batch norm uses fixed statistics).
    func testSmallNetworksForwardAndBackward() throws {
        let names = [
            "lu-2d", "lu-grouped-1d", "ren-cam", "pons-black-box", "pons-time", "pons-frequency",
            "pons-time-frequency", "gebhardt",
        ]
        for name in names {
            let (network, reference) = try make(name)
            XCTAssertEqual(try network.outputShape(batch: 2), reference.outputShape, name)
            try checkForwardAndBackward(name, network)
        }
    }

    /// Forward and backward of `network` on a random batch of 2: finite outputs, a gradient for
    /// every trainable tensor, and a directional finite-difference check of dL/dx.
    private func checkForwardAndBackward(
        _ name: String, _ network: Network, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var random = SeededRandom(seed: 4, stream: name)
        let shape = [2] + network.inputShape
        let x = Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.nextUnit() * 2 - 1) })
        let training = ForwardContext(training: true, seed: 1, step: 1)
        let y = network.forward(x, training)
        XCTAssertTrue(y.values.allSatisfy(\.isFinite), name, file: file, line: line)
        network.zeroGradients()
        network.backward(Tensor(shape: y.shape, repeating: 1), training)
        for p in network.trainable where !p.name.hasPrefix("norm.") {
            XCTAssertTrue(
                p.parameter.gradient.values.contains { $0 != 0 }, "\(name): no gradient for \(p.name)",
                file: file, line: line)
        }

        let r = (0..<y.count).map { _ in Float(random.nextUnit() * 2 - 1) }
        let v = (0..<x.count).map { _ in Float(random.nextUnit() * 2 - 1) }
        func loss(_ x: Tensor) -> Double {
            zip(network.forward(x, .evaluation()).values, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = network.forward(x, .evaluation())
        let dx = network.backwardToInput(Tensor(shape: y.shape, values: r), .evaluation())
        XCTAssertEqual(dx.shape, shape, name, file: file, line: line)
        let analytic = zip(dx.values, v).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let epsilon: Float = 1e-3
        let plus = loss(Tensor(shape: shape, values: zip(x.values, v).map { $0 + epsilon * $1 }))
        let minus = loss(Tensor(shape: shape, values: zip(x.values, v).map { $0 - epsilon * $1 }))
        let numeric = (plus - minus) / (2 * Double(epsilon))
        // float32 sums over up to 16 K features: 1e-2 relative is what finite differences resolve.
        XCTAssertEqual(
            analytic, numeric, accuracy: 1e-2 * max(1, abs(numeric)), "\(name): dL/dx · v", file: file, line: line)
    }
}
