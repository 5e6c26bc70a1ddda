import Foundation
import MelshardCore
import NN
import TestSupport
import Testing

@testable import Evaluate

@Suite struct SimilarityTests {
    @Test func theMeasuresMatchHandComputations() {
        let u: [Float] = [1, 2, 3], v: [Float] = [2, 4, 6]
        #expect(abs(SimilarityMeasures.pearson(u, v)! - 1) < 1e-15)
        #expect(abs(SimilarityMeasures.cosine(u, v)! - 1) < 1e-15)
        // mean((1, 2, 3)²) = 14/3, divided by the pair's maximum 6.
        #expect(abs(SimilarityMeasures.normalisedMSE(u, v) - 14.0 / 18.0) < 1e-15)
        #expect(SimilarityMeasures.pearson([1, 0], [0, 1]) == -1)
        #expect(SimilarityMeasures.cosine([1, 0], [0, 1]) == 0)
        #expect(SimilarityMeasures.normalisedMSE([1, 0], [0, 1]) == 1)
        // Negative values: the maximum is taken of absolute values.
        #expect(SimilarityMeasures.normalisedMSE([-4, 0], [0, 0]) == 2)
        // r = Σ(u−ū)(v−v̄)/√(…): (−1)(−2)+(0)(1)+(1)(1) = 3 over √(2·6).
        #expect(abs(SimilarityMeasures.pearson([1, 2, 3], [0, 3, 3])! - 3 / 12.0.squareRoot()) < 1e-15)
        #expect(SimilarityMeasures.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(SimilarityMeasures.cosine([0, 0], [1, 2]) == nil)
        #expect(SimilarityMeasures.normalisedMSE([0, 0], [0, 0]) == 0)
        let means = LayerSimilarity.means(of: [[1, 2, 3], [2, 4, 6], [1, 1, 1]], point: "p", shape: [3])
        #expect(means.undefinedPearson == 2 && means.undefinedCosine == 0)
        #expect(abs(means.pearson! - 1) < 1e-15)
    }

    @Test func pointsAreTheInputTheBlocksAndTheOutput() {
        let network = SimilarityTestNetwork.make()
        let blocks = ActivationPoints(chain: LayerChain(network.root), granularity: .blocks, output: .sigmoid)
        #expect(
            blocks.points.map(\.name) == [
                "input", "features.0", "features.4", "classifier.1", "classifier.4", "output (sigmoid)",
            ])
        #expect(blocks.points.map(\.links) == [0, 4, 8, 12, 13, 13])
        let layers = ActivationPoints(chain: LayerChain(network.root), granularity: .layers, output: nil)
        #expect(layers.points.count == 14)
        let (vectors, shapes) = blocks.record(SimilarityTestNetwork.stimuli(3, seed: 1))
        #expect(shapes == [[1, 12, 16], [4, 6, 8], [6, 3, 4], [5], [3], [3]])
        #expect(vectors.allSatisfy { $0.count == 3 })
        #expect(vectors.last!.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
        let logits = network.forward(SimilarityTestNetwork.stimuli(3, seed: 1), .evaluation())
        #expect(vectors[4].flatMap { $0 } == logits.values, "the last block's point is the network's output")
    }

    /// The three measures and their means per point against numpy on the same activations,
    /// exported as .npy: `np.corrcoef`, the cosine from `np.dot` and `np.linalg.norm`, and
    /// `np.mean((u − v)²) / max(|u|, |v|)`.
    @Test func theMeansMatchNumpyOnExportedActivations() throws {
        let network = SimilarityTestNetwork.make()
        let points = ActivationPoints(chain: LayerChain(network.root), granularity: .blocks, output: .sigmoid)
        let stimuli = [
            ("bass", SimilarityTestNetwork.stimuli(6, seed: 2)), ("drums", SimilarityTestNetwork.stimuli(5, seed: 3)),
        ]
        let result = try LayerSimilarity(points: points, stimuli: stimuli)
        #expect(result.classes.map(\.pairs) == [15, 10])
        let directory = TemporaryDirectory("similarity-numpy")
        var expected: [String] = []
        for (c, (name, inputs)) in stimuli.enumerated() {
            let (vectors, _) = points.record(inputs)
            for p in points.points.indices {
                let file = directory.file("\(name)-\(p).npy")
                try Npy.write(vectors[p].flatMap { $0 }, shape: [vectors[p].count, vectors[p][0].count], to: file)
                let means = result.classes[c].points[p]
                expected.append("\(file) \(means.pearson!) \(means.cosine!) \(means.normalisedMSE)")
            }
        }
        let script = """
            import sys, numpy as np
            worst = 0.0
            for line in open(sys.argv[1]):
                path, pearson, cosine, mse = line.split()
                x = np.load(path).astype(np.float64)
                r, c, m = [], [], []
                for i in range(len(x)):
                    for j in range(i + 1, len(x)):
                        u, v = x[i], x[j]
                        r.append(np.corrcoef(u, v)[0, 1])
                        c.append(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
                        m.append(np.mean((u - v) ** 2) / max(np.abs(u).max(), np.abs(v).max()))
                for ours, theirs in ((pearson, np.mean(r)), (cosine, np.mean(c)), (mse, np.mean(m))):
                    worst = max(worst, abs(float(ours) - theirs) / max(1e-12, abs(theirs)))
            print(f"worst relative difference {worst:.3e}")
            sys.exit(0 if worst < 1e-9 else 1)
            """
        try script.write(toFile: directory.file("check.py"), atomically: true, encoding: .utf8)
        try expected.joined(separator: "\n").write(
            toFile: directory.file("expected.txt"), atomically: true, encoding: .utf8)
        let run = try PythonProcess.run([directory.file("check.py"), directory.file("expected.txt")])
        #expect(run.status == 0, "numpy disagrees: \(run.output)")
        #expect(run.stdout.hasPrefix("worst relative difference"))
    }

    @Test func featureMapsOfOneFilterForTwoStimuli() throws {
        let network = SimilarityTestNetwork.make()
        let points = ActivationPoints(chain: LayerChain(network.root), granularity: .blocks, output: nil)
        let pair = SimilarityTestNetwork.stimuli(2, seed: 4)
        let maps = try FeatureMapPair(points: points, stimuli: pair, className: "bass", pair: (0, 1), filter: 3)
        #expect(maps.maps.map(\.point) == ["input", "features.0", "features.4"])
        #expect(maps.maps.map(\.channel) == [0, 3, 3])
        #expect(maps.maps[0].first == Array(pair.values[0..<192]))
        #expect(maps.maps[0].second == Array(pair.values[192..<384]))
        let (vectors, _) = points.record(pair)
        #expect(maps.maps[2].second == Array(vectors[2][1][(3 * 12)..<(4 * 12)]))
        #expect(throws: SimilarityError.filterOutOfRange(filter: 4, point: "features.0", channels: 4)) {
            _ = try FeatureMapPair(points: points, stimuli: pair, className: "bass", pair: (0, 1), filter: 4)
        }
        #expect(throws: SimilarityError.stimulusOutOfRange(className: "bass", index: 2, count: 2)) {
            _ = try FeatureMapPair(points: points, stimuli: pair, className: "bass", pair: (0, 2), filter: 0)
        }
        #expect(throws: SimilarityError.tooFewStimuli(className: "bass", count: 1)) {
            _ = try LayerSimilarity(points: points, stimuli: [("bass", SimilarityTestNetwork.stimuli(1, seed: 5))])
        }
    }
}

/// Study 003's layout in miniature: two blocks of conv 3×3, batch norm, leaky ReLU and max-pool,
/// then dense 5 (leaky ReLU, dropout) and dense 3. Input [N, 1, 12, 16].
enum SimilarityTestNetwork {
    static func make() -> Network {
        var random = SeededRandom(seed: 9, stream: "test/similarity")
        let root = Sequential(named: [
            (
                "features",
                Sequential([
                    Conv2D(1, 4, kernel: (3, 3), padding: .same, random: &random), BatchNorm(4), LeakyReLU(),
                    MaxPool2D(kernel: (2, 2)),
                    Conv2D(4, 6, kernel: (3, 3), padding: .same, random: &random), BatchNorm(6), LeakyReLU(),
                    MaxPool2D(kernel: (2, 2)),
                ])
            ),
            (
                "classifier",
                Sequential([
                    Flatten(), Linear(72, 5, random: &random), LeakyReLU(), Dropout(p: 0.2),
                    Linear(5, 3, random: &random),
                ])
            ),
        ])
        return Network(name: "similarity-test", inputShape: [1, 12, 16], root: root)
    }

    static func stimuli(_ count: Int, seed: UInt64) -> Tensor {
        var random = SeededRandom(seed: seed, stream: "test/stimuli")
        return Tensor(shape: [count, 1, 12, 16], values: (0..<(count * 192)).map { _ in Float(random.nextUnit()) })
    }
}
