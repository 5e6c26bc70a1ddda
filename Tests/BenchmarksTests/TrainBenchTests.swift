import Benchmarks
import Foundation
import TestSupport
import Testing

/// `melshard bench train`'s melshard side, and its contract with scripts/bench/torch_train.py.
@Suite struct TrainBenchTests {
    @Test func aShortRunOfTheSmallestNetworkReportsFiniteRates() throws {
        let net = try #require(TrainBench.nets.first { $0.name == "lu-2d" })
        let result = try TrainBench.run(net, threads: 1, steps: 2, warmup: 1)
        #expect(result.net == "lu-2d" && result.batch == 64 && result.threads == 1 && result.steps == 2)
        #expect(result.samples_per_s.isFinite && result.samples_per_s > 0)
        #expect(
            abs(result.samples_per_s * result.ms_per_step / 1000 - 64) < 1e-6,
            "samples/s and ms/step describe the same steps")
        #expect(result.cpu_ms_per_step > 0 && result.final_loss.isFinite && result.final_loss > 0)
        // Lu's 2-D network: the study's 1,625,612 parameters less the 2 normalisation statistics,
        // which are not trained.
        #expect(result.parameter_count == 1_625_610)
    }

    /// Each network is measured on both sides with the same shape, batch and classes: the torch
    /// script's NETS table must agree with `TrainBench.nets`.
    @Test func theTorchScriptTrainsTheSameNetworksOnTheSameShapes() throws {
        let script = try String(contentsOfFile: packageRoot + "/scripts/bench/torch_train.py", encoding: .utf8)
        let pattern = #""(\w+)": \(\w+, \((\d+), (\d+), (\d+)\), (\d+), "(ce|bce)", (\d+),"#
        let regex = try NSRegularExpression(pattern: pattern)
        var torch: [String: (shape: [Int], batch: Int, multiLabel: Bool, classes: Int)] = [:]
        for match in regex.matches(in: script, range: NSRange(script.startIndex..., in: script)) {
            let group = { (i: Int) in String(script[Range(match.range(at: i), in: script)!]) }
            torch[group(1)] = (
                [Int(group(2))!, Int(group(3))!, Int(group(4))!], Int(group(5))!, group(6) == "bce", Int(group(7))!
            )
        }
        #expect(torch.count == TrainBench.nets.count, "NETS in the torch script: \(torch.keys.sorted())")
        for net in TrainBench.nets {
            let theirs = try #require(torch[net.torchName], "\(net.torchName) is not in the torch script")
            #expect(theirs.shape == net.inputShape && theirs.batch == net.batch, "\(net.name)")
            #expect(theirs.multiLabel == net.multiLabel && theirs.classes == net.classes, "\(net.name)")
        }
        #expect(Set(TrainBench.nets.map(\.name)).count == TrainBench.nets.count)
    }
}
