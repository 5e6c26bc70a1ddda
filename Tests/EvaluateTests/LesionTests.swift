import Foundation
import MelshardCore
import NN
import Testing

@testable import Evaluate

@Suite struct LesionTests {
    @Test func theFilterThatAloneCarriesATaskDropsItToZeroAndLeavesTheOtherTask() throws {
        let (root, data) = LesionTestNetworks.oneFilterPerTask()
        let evaluator = try LesionEvaluator(
            root: root, inputShape: [4, 1, 1], layer: "features.0", zeroPoint: .afterBatchNorm, data: data,
            measure: TopK(1))
        #expect(evaluator.intact.accuracy == [1, 1])
        #expect(evaluator.site.batchNorm == "features.1")
        #expect(evaluator.site.zeroedAfter == "features.1")
        #expect(evaluator.site.channels == 4)
        let sweep = FilterSweep(evaluator)
        #expect(sweep.filters[0].drop == [1, 0])
        #expect(sweep.filters[1].drop == [0, 1], "without h1, l0 = 5 (the batch norm's shift) wins every B example")
        #expect(sweep.filters[2].drop == [0, 0])
        #expect(sweep.filters[3].drop == [0, 0])
        #expect(sweep.top(1, task: 0) == [0])
        #expect(sweep.top(1, task: 1) == [1])
        #expect(sweep.sortedDrops(task: 0) == [1, 0, 0, 0])
    }

    @Test func zerosBeforeTheBatchNormBecomeItsShift() throws {
        let (root, data) = LesionTestNetworks.oneFilterPerTask()
        let evaluator = try LesionEvaluator(
            root: root, inputShape: [4, 1, 1], layer: "features.0", zeroPoint: .beforeBatchNorm, data: data,
            measure: TopK(1))
        #expect(evaluator.site.zeroedAfter == "features.0")
        // The batch norm turns the zeros into 1 (its running mean is −1): every A example then
        // looks like class 0, so half of task A stays right.
        #expect(evaluator.drops(evaluator.score([0])) == [0.5, 0])
    }

    @Test func aDualTaskHeadRanksEachTaskAmongItsOwnClasses() throws {
        let (root, all) = LesionTestNetworks.oneFilterPerTask()
        let data = LesionData(batches: all.batches, taskNames: ["A", "B"], taskClasses: [[0, 1], [2, 3]])
        let evaluator = try LesionEvaluator(
            root: root, inputShape: [4, 1, 1], layer: "features.0", zeroPoint: .afterBatchNorm, data: data,
            measure: TopK(1))
        // Without filter 0, A's examples fall to class 2 among every output, but among A's own
        // classes l0 = −5 still beats l1 = −40: class-0 examples stay right.
        #expect(evaluator.drops(evaluator.score([0])) == [0.5, 0])
        #expect(evaluator.drops(evaluator.score([1])) == [0, 0.5])
    }

    @Test func aStudyReportsTopSetsTheGreedySetsAndTheRandomControl() throws {
        let (root, data) = LesionTestNetworks.oneFilterPerTask()
        let evaluator = try LesionEvaluator(
            root: root, inputShape: [4, 1, 1], layer: "features.0", zeroPoint: .afterBatchNorm, data: data,
            measure: TopK(1))
        let report = try LesionStudy(fraction: 0.25, randomDraws: 5, seed: 7).run(evaluator)
        #expect(report.setSize == 1)
        #expect(report.sets.map(\.name) == ["top A", "top B", "greedy A", "greedy B", "random"])
        #expect(report.sets[0].filters == [0] && report.sets[0].drop == [1, 0])
        #expect(report.sets[1].filters == [1] && report.sets[1].drop == [0, 1])
        #expect(report.sets[2].filters == [0])
        #expect(report.random.draws.count == 5)
        #expect(report.random.draws.allSatisfy { $0.filters.count == 1 })
        let drops = report.random.draws.map(\.drop[0])
        let mean = drops.reduce(0, +) / 5
        #expect(abs(report.random.dropMean[0] - mean) < 1e-15)
        let std = (drops.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        #expect(abs(report.random.dropStd[0] - std) < 1e-15)
        #expect(report.sets[4].dropStd == report.random.dropStd)
        // The same seed gives the same draws; another seed other draws.
        #expect(try LesionStudy(fraction: 0.25, randomDraws: 5, seed: 7).run(evaluator) == report)
        let other = (0..<20).map { RandomLesionControl.draw(5, of: 64, seed: 8, draw: $0) }
        let same = (0..<20).map { RandomLesionControl.draw(5, of: 64, seed: 7, draw: $0) }
        #expect(other != same)
        #expect(same.allSatisfy { Set($0).count == 5 && $0.allSatisfy { (0..<64).contains($0) } && $0 == $0.sorted() })
    }

    @Test func theGreedySearchFindsAPlantedSetThatSingleLesionsMiss() throws {
        let (root, data) = LesionTestNetworks.plantedSet()
        let evaluator = try LesionEvaluator(
            root: root, inputShape: [10, 1, 1], layer: "features.0", zeroPoint: .afterBatchNorm, data: data,
            measure: TopK(1))
        #expect(evaluator.site.batchNorm == nil)
        #expect(evaluator.site.zeroPoint == .beforeBatchNorm, "no batch norm follows: the zeros go after the layer")
        let sweep = FilterSweep(evaluator)
        #expect(sweep.filters.allSatisfy { $0.drop[0] == 0 }, "no single lesion changes task A")
        #expect(sweep.top(3, task: 0) == [0, 1, 2], "ties keep index order: the single-lesion ranking misses the set")
        let search = GreedyLesionSearch(evaluator, task: 0, size: 3)
        #expect(Set(search.filters) == [2, 5, 7])
        #expect(search.accuracyAfterStep == [1, 1, 0])
        #expect(evaluator.drops(evaluator.score(search.filters)) == [1, 0])
        let searchB = GreedyLesionSearch(evaluator, task: 1, size: 1)
        #expect(searchB.filters == [0])
    }

    @Test func theCachedSweepEqualsTheNaiveSweepAndLesionedWeightsExactly() throws {
        let (network, data) = LesionTestNetworks.randomNetwork()
        for zeroPoint in ZeroPoint.allCases {
            let evaluator = try LesionEvaluator(
                root: network.root, inputShape: network.inputShape, layer: "features.4", zeroPoint: zeroPoint,
                data: data, measure: TopK(3))
            #expect(evaluator.site.channels == 8)
            let conv = network.root.children[0].layer.children[4].layer as! Conv2D
            let norm = network.root.children[0].layer.children[5].layer as! BatchNorm
            for filter in 0..<8 {
                let cached = evaluator.score([filter])
                #expect(cached == evaluator.scoreNaively([filter]), "filter \(filter), \(zeroPoint)")
                // The reference that shares no code with the cut: the filter's weights set to zero
                // and the whole network run as it is.
                let edited: [Parameter] =
                    zeroPoint == .beforeBatchNorm ? [conv.weight, conv.bias!] : [norm.weight, norm.bias]
                let saved = edited.map(\.value)
                for parameter in edited {
                    let inner = parameter.value.count / parameter.value.shape[0]
                    for i in (filter * inner)..<((filter + 1) * inner) { parameter.value.values[i] = 0 }
                }
                var tally = TaskTally(tasks: 2)
                for batch in data.batches {
                    tally.add(
                        logits: network.forward(batch.inputs, .evaluation()), batch: batch, measure: evaluator.measure)
                }
                for (parameter, value) in zip(edited, saved) { parameter.value = value }
                #expect(cached == tally.scores, "filter \(filter), \(zeroPoint)")
            }
            let pair = [1, 6]
            #expect(evaluator.score(pair) == evaluator.scoreNaively(pair))
        }
    }

    @Test func topKCountsTiesByIndexAsArgmaxDoes() throws {
        let row: ArraySlice<Float> = [0.5, 2, 2, 1]
        #expect(try TopK(1).isRight(row, label: 1))
        #expect(try !TopK(1).isRight(row, label: 2))
        #expect(try TopK(2).isRight(row, label: 2))
        #expect(try !TopK(3).isRight(row, label: 0))
        #expect(try TopK(4).isRight(row, label: 0))
        #expect(try TopK(1).isRight(row, label: 3, among: [0, 3]))
        #expect(try !TopK(1).isRight(row, label: 0, among: [0, 3]))
        #expect(try !TopK(4).isRight(row, label: 1, among: [0, 3]), "a label outside the columns is never right")
        #expect(abs(TopK.crossEntropy(row, label: 3, among: [0, 3]) - (log(exp(0.5) + exp(1.0)) - 1)) < 1e-12)
        #expect(throws: LesionError.option("--top 0: must be 1 or more")) { try TopK(0) }
    }

    @Test func badLayersAndOptionsAreOneLineErrors() throws {
        let (network, data) = LesionTestNetworks.randomNetwork()
        func make(_ layer: String) throws(LesionError) {
            _ = try LesionEvaluator(
                root: network.root, inputShape: network.inputShape, layer: layer, zeroPoint: .afterBatchNorm,
                data: data, measure: TopK(3))
        }
        #expect(throws: LesionError.self) { try make("features.40") }
        do {
            try make("features.40")
        } catch {
            #expect(
                error.description.hasPrefix("lesion: no layer \"features.40\"; the layers are features.0, features.1"))
        }
        #expect(throws: LesionError.option("--fraction 1.5: must be above 0 and at most 1")) {
            try LesionStudy(fraction: 1.5)
        }
        #expect(try LesionStudy(fraction: 0.2).setSize(channels: 256) == 51)
        #expect(try LesionStudy(fraction: 0.01).setSize(channels: 10) == 1)
        let empty = LesionData(batches: data.batches, taskNames: ["even", "odd", "none"])
        #expect(throws: LesionError.noExamples(task: "none")) {
            _ = try LesionEvaluator(
                root: network.root, inputShape: network.inputShape, layer: "features.4", zeroPoint: .afterBatchNorm,
                data: empty, measure: TopK(3))
        }
    }
}
