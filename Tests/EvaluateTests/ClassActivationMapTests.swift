import Foundation
import MelshardCore
import NN
import TestSupport
import Testing
import Train

@testable import Evaluate

/// Class activation maps and filter activations: checked against PyTorch on the same weights,
/// against the network's own logits, and every way a request can be refused.
@Suite struct ClassActivationMapTests {
    /// A random clip of `shape` ([1, H, W]), the same values every run.
    static func clip(_ shape: [Int], seed: UInt64 = 9) -> Tensor {
        var random = SeededRandom(seed: seed, stream: "cam-clip")
        let count = shape.reduce(1, *)
        return Tensor(shape: [1] + shape, values: (0..<count).map { _ in Float(random.nextUnit() * 2 - 1) })
    }

    /// The map's mean plus the class's bias is the class's logit: GAP is a mean and the dense
    /// layer linear, so this holds for any weights, and checks which weights and maps were used.
    @Test func mapMeanPlusBiasIsTheLogit() throws {
        for (name, shape) in [("small-cnn", [1, 24, 32]), ("ren-cam", [1, 64, 80])] {
            let network = try NetworkRegistry.make(name, inputShape: shape, classes: 3, seed: 5)
            let maps = try ClassActivationMap(network: network, run: "run")
            let x = Self.clip(shape)
            let logits = network.forward(x, .evaluation())
            let linear = try #require(LayerChain(network.root).links.last?.layer as? Linear)
            for c in 0..<3 {
                let plane = maps.map(x, class: c)
                let mean = plane.values.reduce(0.0) { $0 + Double($1) } / Double(plane.values.count)
                let expected = Double(logits.values[c]) - Double(linear.bias!.value.values[c])
                #expect(abs(mean - expected) <= 1e-5 * max(1, abs(expected)), "\(name) class \(c)")
            }
        }
    }

    /// The same weights and clip in PyTorch (the module in RenCAMCNN's doc comment), the map
    /// taken from the output of conv4's ReLU and upsampled with `F.interpolate(...,
    /// mode="bilinear", align_corners=False)`: before and after upsampling within 1e-5 of the
    /// largest |map| (float32 rounding of the convolutions; measured 6e-8 of 0.06).
    @Test func renCAMMapsEqualPyTorchs() throws {
        let shape = [1, 64, 80], classes = 3
        let network = try NetworkRegistry.make("ren-cam", inputShape: shape, classes: classes, seed: 11)
        let maps = try ClassActivationMap(network: network, run: "run")
        let x = Self.clip(shape)
        let directory = TemporaryDirectory("cam-torch")
        for named in network.parameters {
            try Npy.write(
                named.parameter.value.values, shape: named.parameter.value.shape,
                to: directory.file("\(named.name).npy"))
        }
        try Npy.write(x.values, shape: x.shape, to: directory.file("input.npy"))
        let script = """
            import sys, os, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
            torch.set_num_threads(1)
            folder, classes = sys.argv[1], int(sys.argv[2])
            class RenCAM(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.conv1, self.pool1 = nn.Conv2d(1, 32, 3), nn.MaxPool2d(2)
                    self.conv2, self.pool2 = nn.Conv2d(32, 64, 3), nn.MaxPool2d(2)
                    self.conv3, self.pool3 = nn.Conv2d(64, 64, 3), nn.MaxPool2d(2)
                    self.conv4 = nn.Conv2d(64, 128, 3)
                    self.gap = nn.AdaptiveAvgPool2d(1)
                    self.out = nn.Linear(128, classes)
                def maps(self, x):
                    x = self.pool1(F.relu(self.conv1(x)))
                    x = self.pool3(F.relu(self.conv3(self.pool2(F.relu(self.conv2(x))))))
                    return F.relu(self.conv4(x))
            model = RenCAM().eval()
            state = {k: torch.from_numpy(np.load(os.path.join(folder, k + ".npy"))) for k in model.state_dict()}
            model.load_state_dict(state)
            x = torch.from_numpy(np.load(os.path.join(folder, "input.npy")))
            with torch.no_grad():
                a = model.maps(x)[0]
                cam = torch.einsum("ck,khw->chw", model.out.weight, a)
                up = F.interpolate(cam[None], size=tuple(x.shape[2:]), mode="bilinear", align_corners=False)[0]
            np.save(os.path.join(folder, "cam.npy"), cam.numpy())
            np.save(os.path.join(folder, "up.npy"), up.numpy())
            print("torch", torch.__version__, "maps", tuple(cam.shape))
            """
        try script.write(toFile: directory.file("cam.py"), atomically: true, encoding: .utf8)
        let run = try PythonProcess.run([directory.file("cam.py"), directory.path, "\(classes)"])
        try #require(
            run.status == 0, "the PyTorch script failed (scripts/bootstrap --python installs torch): \(run.output)")
        let (theirs, theirShape) = try Npy.read(directory.file("cam.npy"))
        let (theirsUp, _) = try Npy.read(directory.file("up.npy"))
        let a = maps.featureMaps(x)
        #expect(theirShape == [classes, a.shape[1], a.shape[2]])
        var worst = 0.0, worstUp = 0.0, scale = 0.0
        for c in 0..<classes {
            let ours = maps.map(featureMaps: a, class: c)
            let plane = ours.count
            let up = ActivationUpsampling.bilinear(ours, from: (a.shape[1], a.shape[2]), to: 64, 80)
            for i in 0..<plane {
                worst = max(worst, abs(Double(ours[i]) - Double(theirs[c * plane + i])))
                scale = max(scale, abs(Double(theirs[c * plane + i])))
            }
            for i in up.indices { worstUp = max(worstUp, abs(Double(up[i]) - Double(theirsUp[c * up.count + i]))) }
        }
        print("CAM vs PyTorch: max abs error \(worst) before upsampling, \(worstUp) after; largest |map| \(scale)")
        #expect(scale > 0.01, "the maps are all but zero: the comparison would be empty")
        #expect(worst <= 1e-5 * scale && worstUp <= 1e-5 * scale)
    }

    @Test func networksWithoutGlobalPoolingAndOneDenseLayerAreRefusedWithTheReason() throws {
        let base = try NetworkRegistry.make("ren-base", inputShape: [1, 64, 80], classes: 3, seed: 1)
        #expect(throws: CAMError.self) { try ClassActivationMap(network: base, run: "runs/base") }
        do {
            _ = try ClassActivationMap(network: base, run: "runs/base")
        } catch {
            let line = "\(error)"
            #expect(line.hasPrefix("runs/base: ren-base has no class activation maps: "), "\(line)")
            #expect(line.contains("global average pooling") && !line.contains("\n"), "\(line)")
        }
        // A dense layer straight after a flatten of conv maps: one dense layer, but no pooling.
        var random = SeededRandom(seed: 1)
        let flat = Network(
            name: "flat", inputShape: [1, 8, 8],
            root: Sequential(named: [
                ("conv", Conv2D(1, 2, kernel: 3, random: &random)), ("flatten", Flatten()),
                ("fc", Linear(72, 3, random: &random)),
            ]))
        do {
            _ = try ClassActivationMap(network: flat, run: "r")
            Issue.record("a network without pooling accepted")
        } catch {
            #expect("\(error)".contains("its dense layer follows conv (Conv2d"), "\(error)")
        }
    }

    @Test func filterActivationsNameTheirLayerAndFilter() throws {
        let network = try NetworkRegistry.make("ren-cam", inputShape: [1, 64, 80], classes: 3, seed: 5)
        let filter = try FilterActivation(network: network, run: "r", layer: "relu1", filter: 31)
        let x = Self.clip([1, 64, 80])
        let plane = filter.plane(x)
        #expect(plane.height == 62 && plane.width == 78)
        let full = LayerChain(network.root).forward(x, 0..<2, .evaluation())
        #expect(plane.values == Array(full.values[(31 * 62 * 78)..<(32 * 62 * 78)]))
        #expect(throws: CAMError.filterOutOfRange(run: "r", layer: "conv1", filter: 32, channels: 32)) {
            try FilterActivation(network: network, run: "r", layer: "conv1", filter: 32)
        }
        do {
            _ = try FilterActivation(network: network, run: "r", layer: "conv9", filter: 0)
            Issue.record("conv9 accepted")
        } catch {
            #expect(
                "\(error)".hasPrefix("r: ") && "\(error)".contains("conv9") && "\(error)".contains("conv4"), "\(error)")
        }
        do {
            _ = try FilterActivation(network: network, run: "r", layer: "out", filter: 0)
            Issue.record("a dense layer accepted")
        } catch {
            #expect("\(error)".contains("not filter maps"), "\(error)")
        }
    }

    @Test func upsamplingIsPyTorchsBilinearAndNormalisingSpansZeroToOne() {
        let plane: [Float] = [0, 1, 2, 3, 4, 5]
        let up = ActivationUpsampling.bilinear(plane, from: (2, 3), to: 5, 7)
        // The naive reference blends in another order: equal to an ulp.
        let naive = BilinearKernels.forwardNaive(x: plane, planes: 1, input: (2, 3), output: (5, 7))
        #expect(zip(up, naive).allSatisfy { abs($0 - $1) <= 1e-6 })
        // align_corners=False: the corners repeat the edge values.
        #expect(up[0] == 0 && up[34] == 5)
        let unit = ActivationUpsampling.normalised([-2, 0, 2])
        #expect(unit == [0, 0.5, 1])
        #expect(ActivationUpsampling.normalised([3, 3]) == [0, 0])
    }
}
