import Foundation
import NN
import Train
import XCTest

/// The loader over hand-written shards: order, resume, memory bound, normalisation, targets.
final class DataLoaderTests: XCTestCase {
    /// Ten train shards of 5 to 14 clips, two validation shards.
    func output(float16: Bool = true) throws -> String {
        var spec = SyntheticOutput(
            (0..<10).map { ("train-\(String(format: "%016x", $0 * 7919))", "train", 5 + $0) }
                + [("validation-a", "validation", 6), ("validation-b", "validation", 3)])
        spec.float16 = float16
        return try spec.write(for: self)
    }

    func options(
        _ seed: UInt64 = 7, batch: Int = 8, window: Int = 3, prefetch: Bool = true,
        normalisation: LoaderOptions.Normalisation = .none
    ) -> LoaderOptions {
        LoaderOptions(
            batchSize: batch, order: .shuffled(seed: seed), normalisation: normalisation, window: window,
            prefetch: prefetch)
    }

    func testEpochOrderIsAFunctionOfSeedAndEpochOnly() throws {
        let out = try output()
        let a = try ShardDataset(outputDirectory: out).loader(.train, options())
        let b = try ShardDataset(outputDirectory: out).loader(.train, options(prefetch: false))
        let epoch0 = try collect(a.batches(epoch: 0)).flatMap(\.clipIDs)
        XCTAssertEqual(
            epoch0, try collect(b.batches(epoch: 0)).flatMap(\.clipIDs), "same seed and epoch, another loader")
        XCTAssertEqual(epoch0.sorted(), (1...95).map { Int64($0) }, "every train clip exactly once")
        XCTAssertNotEqual(epoch0, try collect(a.batches(epoch: 1)).flatMap(\.clipIDs), "another epoch, another order")
        let otherSeed = try ShardDataset(outputDirectory: out).loader(.train, options(8))
        XCTAssertNotEqual(epoch0, try collect(otherSeed.batches(epoch: 0)).flatMap(\.clipIDs))
        // Epoch 1 after epoch 0 equals epoch 1 alone, from a loader that never ran epoch 0.
        let fresh = try ShardDataset(outputDirectory: out).loader(.train, options())
        XCTAssertEqual(try collect(a.batches(epoch: 1)), try collect(fresh.batches(epoch: 1)))
        // Rows of several shards share a batch.
        let first = try XCTUnwrap(collect(a.batches(epoch: 0)).first)
        XCTAssertGreaterThan(Set(first.clipIDs.map { shardOf($0) }).count, 1)
    }

    /// The shard of a clip id of `output()`: shard k holds 5 + k clips, numbered on from 1.
    func shardOf(_ id: Int64) -> Int {
        var end = 0
        for k in 0..<10 {
            end += 5 + k
            if id <= end { return k }
        }
        return 10
    }

    func testResumeFromAPositionEqualsUninterruptedIteration() throws {
        let loader = try ShardDataset(outputDirectory: try output()).loader(.train, options())
        XCTAssertEqual(loader.batchesPerEpoch, 12, "95 clips in batches of 8, the last one short")
        let whole = try collect(loader.batches(epoch: 2))
        XCTAssertEqual(whole.map(\.position.batch), Array(0..<12))
        XCTAssertEqual(whole.last?.clipIDs.count, 7)
        for start in [1, 5, 11, 12] {
            let resumed = try collect(loader.batches(from: LoaderPosition(epoch: 2, batch: start)))
            XCTAssertEqual(resumed, Array(whole[start...]), "resumed at batch \(start)")
        }
    }

    func testPrefetchChangesNothingButTiming() throws {
        let out = try output()
        let prefetched = try ShardDataset(outputDirectory: out).loader(.train, options(normalisation: .perBand))
        let inline = try ShardDataset(outputDirectory: out).loader(
            .train, options(prefetch: false, normalisation: .perBand))
        XCTAssertEqual(try collect(prefetched.batches(epoch: 3)), try collect(inline.batches(epoch: 3)))
        // An iterator dropped after one batch, its prefetch thread mid-work, does not disturb the next one.
        let early = prefetched.batches(epoch: 3)
        _ = try early.next()
        XCTAssertEqual(try collect(prefetched.batches(epoch: 3)), try collect(inline.batches(epoch: 3)))
    }

    func testMemoryHoldsAtMostOneWindowOfShards() throws {
        let out = try output()
        for window in [1, 2, 4] {
            let loader = try ShardDataset(outputDirectory: out).loader(.train, options(window: window, prefetch: false))
            let iterator = loader.batches(epoch: 0)
            _ = try collect(iterator)
            XCTAssertEqual(iterator.statistics.peakLoadedShards, window, "window \(window)")
            XCTAssertEqual(iterator.statistics.shardLoads, 10, "each shard read once per epoch")
        }
        // A resumed epoch reads only the shards it still needs.
        let loader = try ShardDataset(outputDirectory: out).loader(.train, options(window: 2, prefetch: false))
        let late = loader.batches(epoch: 0, from: 11)
        _ = try collect(late)
        XCTAssertLessThanOrEqual(late.statistics.shardLoads, 2)
    }

    func testEvaluationOrderIsTheCardsAndFiles() throws {
        let dataset = try ShardDataset(outputDirectory: try output())
        let loader = try dataset.loader(
            .validation, LoaderOptions(batchSize: 4, order: .sequential, normalisation: .none))
        let batches = try collect(loader.batches(epoch: 5))
        XCTAssertEqual(batches.flatMap(\.clipIDs), (96...104).map { Int64($0) })
        XCTAssertEqual(batches.map(\.clipIDs.count), [4, 4, 1])
        XCTAssertEqual(
            try collect(loader.batches(epoch: 0)),
            batches.map {
                var b = $0
                b.position.epoch = 0
                return b
            })
    }

    func testDropLastLeavesOutTheShortBatch() throws {
        var o = options()
        o.dropLast = true
        let loader = try ShardDataset(outputDirectory: try output()).loader(.train, o)
        let batches = try collect(loader.batches(epoch: 0))
        XCTAssertEqual(batches.count, 11)
        XCTAssertTrue(batches.allSatisfy { $0.clipIDs.count == 8 })
    }

    func testInputsAreStandardisedInFloat32() throws {
        for float16 in [true, false] {
            let dataset = try ShardDataset(outputDirectory: try output(float16: float16))
            for normalisation in [LoaderOptions.Normalisation.none, .global, .perBand] {
                let loader = try dataset.loader(
                    .validation,
                    LoaderOptions(
                        batchSize: 9, order: .sequential,
                        normalisation: normalisation))
                let batch = try XCTUnwrap(try loader.batches(epoch: 0).next())
                XCTAssertEqual(batch.inputs.shape, [9, 1, 3, 4])
                for (k, id) in batch.clipIDs.enumerated() {
                    for band in 0..<3 {
                        let x = Float(id) + Float(band) / 8
                        let expected: Float =
                            switch normalisation {
                            case .none: x
                            case .global: (x - Float(2.0)) / Float(4.0)
                            case .perBand: (x - Float([1.0, 2, 3][band])) / Float([0.5, 2, 8][band])
                            }
                        for frame in 0..<4 {
                            XCTAssertEqual(
                                batch.inputs.values[(k * 3 + band) * 4 + frame].bitPattern, expected.bitPattern,
                                "\(normalisation) clip \(id) band \(band)")
                        }
                    }
                }
                XCTAssertEqual(batch.targets, .classes(batch.clipIDs.map { Int(SyntheticOutput.label($0)) }))
            }
        }
    }

    func testMultiLabelTargetsAreMultiHot() throws {
        var spec = SyntheticOutput([("train-a", "train", 5), ("train-b", "train", 4)])
        spec.multiLabel = true
        let loader = try ShardDataset(outputDirectory: try spec.write(for: self)).loader(.train, options(batch: 9))
        let batch = try XCTUnwrap(try loader.batches(epoch: 0).next())
        guard case .multiHot(let hot) = batch.targets else { return XCTFail("expected multi-hot targets") }
        XCTAssertEqual(hot.shape, [9, 3])
        for (k, id) in batch.clipIDs.enumerated() {
            let on = [Int(SyntheticOutput.label(id)), (Int(SyntheticOutput.label(id)) + 1) % 3]
            XCTAssertEqual(
                Array(hot.values[(k * 3)..<(k * 3 + 3)]), (0..<3).map { on.contains($0) ? 1 : 0 }, "clip \(id)")
        }
    }
}
